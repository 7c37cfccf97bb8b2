package io.pixtrace.agent.launcher;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.bootstrap.ClassSharing;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class}: the only agent class the host's system class loader loads.
 *
 * <p>The jar's root (the stage API and the relocated OpenTelemetry API, which instrumented
 * JDK classes must see) belongs on the bootstrap class path: appended now, unless the
 * command line put it there already ({@code -Xbootclasspath/a}, which spares the host the
 * JVM's "Sharing is only supported for boot loader classes" warning and keeps a static CDS
 * archive's application classes in use; docs/startup.md). In a run that records a CDS
 * archive or an AOT cache the agent stays off, so the archive holds the host's classes as
 * they are and the JVM can write it. Otherwise it starts the agent proper from {@code inst/}
 * in an isolated {@link AgentClassLoader}, so the SDK, exporters and Byte Buddy never meet
 * the host's own copies. Nothing here may throw into the JVM's start-up unless strict mode
 * asks for it.
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
      if (!onBootClassPath(jar)) {
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar, false));
      }
      if (recordingArchive(inst)) {
        AgentLog.info("the JVM is recording a class-sharing archive (a training run): the agent stays off in this run"
            + " and starts as usual in the runs that use the archive (docs/startup.md)");
        return;
      }
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

  /**
   * The agent jar, from where this class was read: the system class loader or, with
   * {@code -Xbootclasspath/a}, the bootstrap one (whose classes have no code source).
   */
  private static File agentJar() throws IOException, URISyntaxException {
    URL self = PixtraceAgent.class.getResource(PixtraceAgent.class.getSimpleName() + ".class");
    if (self == null || !"jar".equals(self.getProtocol())) {
      throw new IOException("the agent's classes are not read from a jar: " + self);
    }
    return jarOf(self);
  }

  /** The jar file a {@code jar:} URL points into. */
  private static File jarOf(URL entry) throws IOException, URISyntaxException {
    return new File(((JarURLConnection) entry.openConnection()).getJarFileURL().toURI());
  }

  /** Whether the bootstrap class loader already reads the stage API from this jar. */
  private static boolean onBootClassPath(File jar) throws IOException, URISyntaxException {
    URL api = ClassLoader.getPlatformClassLoader().getResource("io/pixtrace/bootstrap/Pixtrace.class");
    if (api == null || !"jar".equals(api.getProtocol())) {
      return false;
    }
    return jarOf(api).getCanonicalFile().equals(jar.getCanonicalFile());
  }

  /**
   * Whether the JVM records a CDS archive or AOT cache now. Exports {@code jdk.internal.misc}
   * to the bootstrap loader's unnamed module only (the agent's boot part, never the host's
   * classes), where {@link ClassSharing} asks.
   */
  private static boolean recordingArchive(Instrumentation inst) {
    try {
      Module base = Object.class.getModule();
      inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(ClassSharing.class.getModule())),
          Map.of(), Set.of(), Map.of());
    } catch (RuntimeException e) {
      return false;
    }
    return ClassSharing.recording();
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
