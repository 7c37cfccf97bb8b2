package io.pixtrace.agent;

import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.agent.install.InstrumentationModules;
import io.pixtrace.agent.install.Transformations;
import io.pixtrace.agent.launcher.PixtraceAgent;
import io.pixtrace.agent.sdk.SdkFactory;
import io.pixtrace.agent.sdk.UnshadedScopes;
import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.bootstrap.Pixtrace;
import io.pixtrace.bootstrap.Telemetry;
import io.pixtrace.bootstrap.UrlRedactor;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.methods.ConfiguredMethodsModule;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent proper, started by the launcher inside the isolated class loader: reads the
 * settings, and only when telemetry is on builds the SDK, installs the stage telemetry and
 * the type instrumentations. With nothing enabled it installs nothing and says in one line
 * how to turn it on.
 */
public final class AgentStarter {
  private AgentStarter() {}

  /**
   * Starts the agent. Errors are logged and leave the host running without telemetry,
   * except with {@code IMGPROXY_OPEN_TELEMETRY_STRICT=true}, where a configuration error
   * stops the JVM's start with that message.
   */
  public static void start(String args, Instrumentation inst) {
    long start = System.nanoTime();
    Settings settings = Settings.read(System.getenv());
    for (String error : settings.errors()) {
      AgentLog.warn("configuration: " + error);
    }
    if (settings.strict() && !settings.errors().isEmpty()) {
      throw new PixtraceAgent.StrictModeError(
          "IMGPROXY_OPEN_TELEMETRY_STRICT=true and the configuration is bad: " + String.join("; ", settings.errors()));
    }
    if (!settings.enabled()) {
      AgentLog.info(settings.offReason());
      return;
    }
    try {
      OpenTelemetrySdk sdk = SdkFactory.build(settings);
      for (String note : settings.notes()) {
        AgentLog.info("configuration: " + note);
      }
      String version = version();
      List<String> sensitive = settings.sensitiveQueryParams();
      Pixtrace.install(Telemetry.create(sdk, version, settings.propagateExternal(),
              UrlRedactor.of(sensitive == null ? UrlRedactor.DEFAULT_NAMES : sensitive))
          .skipPaths(settings.skipPaths()));
      if (settings.disabledLayers().contains("queue")) {
        Pixtrace.telemetry().withoutQueueSpans();
      }
      if (!settings.disabledLayers().contains("runtime-metrics")) {
        RuntimeTelemetry.create(UnshadedScopes.of(sdk));
      }
      // Host log capture (the logs layer) only with IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS=true.
      java.util.Set<String> disabled = new java.util.HashSet<>(settings.disabledLayers());
      if (!settings.logs()) {
        disabled.add("logs");
      }
      List<InstrumentationModule> modules = new ArrayList<>(InstrumentationModules.load(Runtime.version().feature(), disabled));
      Map<String, List<String>> stageMethods = new java.util.LinkedHashMap<>(settings.stageMethods());
      stageMethods.keySet().removeIf(disabled::contains);
      if (!stageMethods.isEmpty()) {
        modules.add(new ConfiguredMethodsModule(stageMethods));
      }
      List<String> names = new ArrayList<>();
      for (InstrumentationModule m : modules) {
        try {
          m.start(sdk);
          names.add(m.name());
        } catch (RuntimeException | LinkageError e) {
          AgentLog.error("module:" + m.name(), "instrumentation " + m.name() + " could not start; it is off", e);
        }
      }
      modules.removeIf(m -> !names.contains(m.name()));
      Transformations.install(inst, modules, AgentStarter.class.getClassLoader());
      AgentLog.info("Pixtrace " + version + " is on (" + describe(settings) + "), instrumenting "
          + String.join(", ", names) + "; started in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } catch (RuntimeException | LinkageError e) {
      Pixtrace.install(null);
      AgentLog.error("start", "the agent could not start and is off; the application runs without it", e);
    }
  }

  private static String describe(Settings s) {
    return s.effectiveExporters();
  }

  static String version() {
    try (InputStream in = AgentStarter.class.getResourceAsStream("pixtrace.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
