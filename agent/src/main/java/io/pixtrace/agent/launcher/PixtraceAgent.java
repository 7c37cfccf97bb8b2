package io.pixtrace.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class}: the only agent class the host's system class loader loads.
 *
 * <p>It appends the agent jar to the bootstrap class path (whose root holds the stage API
 * and the relocated OpenTelemetry API, which instrumented JDK classes must see), then starts
 * the agent proper from {@code inst/} in an isolated {@link AgentClassLoader}, so the SDK,
 * exporters and Byte Buddy never meet the host's own copies. Nothing here may throw into the
 * JVM's start-up unless strict mode asks for it.
 */
public final class PixtraceAgent {
  private PixtraceAgent() {}

  /** Entry point for {@code -javaagent:pixtrace-agent.jar}. */
  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  /**
   * {@code java -jar pixtrace-agent.jar config|check}: prints the effective configuration
   * (and checks the collector), see {@code io.pixtrace.agent.cli.Cli}.
   */
  public static void main(String[] args) throws Exception {
    ClassLoader loader = new AgentClassLoader(agentJar(), ClassLoader.getSystemClassLoader());
    Class<?> cli = Class.forName("io.pixtrace.agent.cli.Cli", true, loader);
    try {
      cli.getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  /** Entry point for attaching to a running JVM. */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static void start(String args, Instrumentation inst) {
    try {
      File jar = agentJar();
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar, false));
      ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
      Class<?> starter = Class.forName("io.pixtrace.agent.AgentStarter", true, loader);
      starter.getMethod("start", String.class, Instrumentation.class).invoke(null, args, inst);
    } catch (java.lang.reflect.InvocationTargetException e) {
      // By name: this class was loaded by the system class loader, the agent's copy of the
      // error by the bootstrap one.
      if (e.getCause() != null && e.getCause().getClass().getName().equals(StrictModeError.class.getName())) {
        System.err.println("[pixtrace] ERROR " + e.getCause().getMessage());
        throw (Error) e.getCause();
      }
      report(e.getCause());
    } catch (Throwable e) {
      report(e);
    }
  }

  private static void report(Throwable e) {
    System.err.println("[pixtrace] ERROR the agent could not start and is off; the application runs without it: " + e);
  }

  private static File agentJar() throws URISyntaxException {
    return new File(PixtraceAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /**
   * Thrown by the agent when {@code IMGPROXY_OPEN_TELEMETRY_STRICT=true} and the
   * configuration is bad: it stops the JVM at start with the configuration error.
   */
  public static final class StrictModeError extends Error {
    private static final long serialVersionUID = 1L;

    /** An error carrying the configuration problems as its message. */
    public StrictModeError(String message) {
      super(message);
    }
  }
}
