package io.pixtrace.agent.install;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The instrumentation modules the agent carries, found as services of the agent's class
 * loader: each module's jar lists its module class in
 * {@code META-INF/services/io.pixtrace.instrumentation.api.InstrumentationModule}, so no table
 * here names them. Module classes are compiled for Java 17; a module whose
 * {@link InstrumentationModule#minimumJavaVersion()} the host does not meet is dropped before
 * anything else of it is loaded (the libvips and vips-ffm modules need Java 22 for FFM).
 */
public final class InstrumentationModules {
  private InstrumentationModules() {}

  /**
   * Loads the modules this JVM can run and the configuration has not switched off.
   *
   * @param loader the agent's class loader, whose services are read
   * @param javaVersion the host's Java feature version
   * @param disabledLayers layers from {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} and the logs
   *     layer unless logs are on
   */
  public static List<InstrumentationModule> load(ClassLoader loader, int javaVersion, Set<Layer> disabledLayers) {
    List<InstrumentationModule> out = new ArrayList<>();
    Iterator<InstrumentationModule> found = ServiceLoader.load(InstrumentationModule.class, loader).iterator();
    while (true) {
      InstrumentationModule m;
      try {
        if (!found.hasNext()) {
          break;
        }
        m = found.next();
      } catch (ServiceConfigurationError e) {
        AgentLog.error("module:load", "could not load an instrumentation module; it is off", e);
        continue;
      }
      // The executor instrumentation also carries the request context across threads:
      // DISABLE=queue removes its spans (Telemetry.Builder#queueSpans), not the module.
      if (disabledLayers.contains(m.layer()) && m.layer() != Layer.QUEUE) {
        continue;
      }
      if (javaVersion < m.minimumJavaVersion()) {
        AgentLog.info(shortName(m) + " needs Java " + m.minimumJavaVersion() + "+ (FFM); this JVM is Java "
            + javaVersion + ", so it is skipped");
        continue;
      }
      out.add(m);
    }
    return out;
  }

  /** {@code LibvipsModule} as "Libvips instrumentation", the name the start-up line has always used. */
  private static String shortName(InstrumentationModule m) {
    String simple = m.getClass().getSimpleName();
    return (simple.endsWith("Module") ? simple.substring(0, simple.length() - 6) : simple) + " instrumentation";
  }
}
