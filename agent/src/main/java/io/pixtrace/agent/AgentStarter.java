package io.pixtrace.agent;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.agent.install.InstrumentationModules;
import io.pixtrace.agent.install.Transformations;
import io.pixtrace.agent.launcher.PixtraceAgent;
import io.pixtrace.agent.config.Variables;
import io.pixtrace.agent.runtime.RuntimeMetrics;
import io.pixtrace.agent.sdk.SdkFactory;
import io.pixtrace.agent.sdk.UnshadedScopes;
import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.bootstrap.Pixtrace;
import io.pixtrace.bootstrap.ServerStage;
import io.pixtrace.bootstrap.Telemetry;
import io.pixtrace.bootstrap.UrlRedactor;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.methods.ConfiguredMethodsModule;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
    // Taken before the host's main runs, so no host code can ever hold it (see Pixtrace).
    Pixtrace.Control control = Pixtrace.control();
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
    // The SDK (exporters, their HTTP client) is built on a second thread while this one
    // installs the type instrumentations: the two are independent and each costs a few
    // hundred milliseconds of class loading, so on a multi-core machine premain takes about
    // the longer of the two instead of their sum (docs/benchmarks.md). premain still returns
    // only when both are done, so no request of the host is missed. The JVM runtime metrics
    // come later on the same thread, after the first request (see RuntimeMetrics).
    FutureTask<SdkFactory.Built> sdkBuild = new FutureTask<>(() -> SdkFactory.build(settings));
    boolean runtimeMetrics = !settings.disabledLayers().contains(Layer.RUNTIME_METRICS);
    Duration runtimeDelay = RuntimeMetrics.delay(settings.get(Variables.OTEL_METRIC_EXPORT_INTERVAL));
    CountDownLatch firstRequest = new CountDownLatch(1);
    Thread builder = new Thread(() -> {
      sdkBuild.run();
      if (runtimeMetrics) {
        RuntimeMetrics.registerAfter(runtimeDelay, firstRequest, sdkBuild);
      }
    }, "pixtrace-sdk-build");
    builder.setDaemon(true);
    builder.start();
    Transformations transformations = null;
    try {
      // Host log capture (the logs layer) only with IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS=true.
      Set<Layer> disabled = EnumSet.noneOf(Layer.class);
      disabled.addAll(settings.disabledLayers());
      if (!settings.logs()) {
        disabled.add(Layer.LOGS);
      }
      List<InstrumentationModule> modules = new ArrayList<>(
          InstrumentationModules.load(AgentStarter.class.getClassLoader(), Runtime.version().feature(), disabled));
      Map<Layer, List<String>> stageMethods = new EnumMap<>(Layer.class);
      stageMethods.putAll(settings.stageMethods());
      stageMethods.keySet().removeIf(disabled::contains);
      if (!stageMethods.isEmpty()) {
        modules.add(new ConfiguredMethodsModule(stageMethods));
      }
      transformations = Transformations.install(inst, modules, AgentStarter.class.getClassLoader());
      long installed = System.nanoTime();
      SdkFactory.Built built = built(sdkBuild);
      OpenTelemetrySdk sdk = built.sdk();
      long sdkReady = System.nanoTime();
      for (String note : built.notes()) {
        AgentLog.info("configuration: " + note);
      }
      String version = version();
      control.install(Telemetry.builder(sdk)
          .version(version)
          .propagateExternal(settings.propagateExternal())
          .redactor(UrlRedactor.of(settings.sensitiveQueryParams()))
          .skipPaths(settings.skipPaths())
          .captureRequestHeaders(settings.captureRequestHeaders())
          .workers(settings.workers() != null ? settings.workers() : Telemetry.defaultWorkers())
          .poolGauges(!settings.disabledLayers().contains(Layer.RUNTIME_METRICS))
          .responseTimeout(settings.responseTimeout())
          .queueSpans(!settings.disabledLayers().contains(Layer.QUEUE))
          .logCorrelation(built.tracesExported() && !disabled.contains(Layer.LOG_CORRELATION))
          .build());
      control.register(ServerStage.FIRST_REQUEST_ENDED, (Runnable) firstRequest::countDown);
      // Adapters and gauges: the advice is already in place and does nothing until these exist.
      ModuleContext context = new ModuleContext() {
        @Override
        public OpenTelemetry openTelemetry() {
          return sdk;
        }

        @Override
        public void registerAdapter(String name, Object adapter) {
          control.register(name, adapter);
        }

        @Override
        public MethodHandles.Lookup privateLookup(Class<?> type, MethodHandles.Lookup caller)
            throws IllegalAccessException {
          Module target = type.getModule();
          Module to = caller.lookupClass().getModule();
          if (!target.isOpen(type.getPackageName(), to)) {
            inst.redefineModule(target, Set.of(), Map.of(), Map.of(type.getPackageName(), Set.of(to)), Set.of(), Map.of());
          }
          return MethodHandles.privateLookupIn(type, caller);
        }
      };
      List<String> names = new ArrayList<>();
      for (InstrumentationModule m : modules) {
        try {
          m.start(context);
          names.add(m.name());
        } catch (RuntimeException | LinkageError e) {
          AgentLog.error("module:" + m.name(), "instrumentation " + m.name() + " could not start; its advice stays idle", e);
        }
      }
      long end = System.nanoTime();
      AgentLog.info("Pixtrace " + version + " is on (" + built.exporters() + (settings.xrayIds() ? "; trace ids: xray" : "")
          + "), instrumenting "
          + String.join(", ", names) + "; started in " + millis(start, end) + " ms (type instrumentations "
          + millis(start, installed) + ", SDK ready after " + millis(start, sdkReady) + ")");
    } catch (RuntimeException | LinkageError e) {
      control.reset();
      if (transformations != null) {
        transformations.reset();
      }
      AgentLog.errorWithCauses("start", "the agent could not start and is off; the application runs without it"
          + otelVariablesSet(), e);
    }
  }

  /**
   * The {@code OTEL_*} variables set, for a failed start (the SDK's messages name properties, or
   * nothing): {@code " (OTEL_* set: OTEL_TRACES_SAMPLER=traceidratio, ...)"}, header values left
   * out; empty when none is set.
   */
  static String otelVariablesSet() {
    List<String> set = new ArrayList<>();
    new java.util.TreeMap<>(System.getenv()).forEach((k, v) -> {
      if (k.startsWith("OTEL_")) {
        set.add(k.endsWith("HEADERS") ? k + "=(not shown)" : k + "=" + v);
      }
    });
    return set.isEmpty() ? "" : " (OTEL_* set: " + String.join(", ", set) + ")";
  }

  /** The SDK from the build thread; its failure rethrown as it happened there. */
  private static SdkFactory.Built built(FutureTask<SdkFactory.Built> sdkBuild) {
    try {
      return sdkBuild.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the SDK was being built", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
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
