package io.pixtrace.instrumentation.methods;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host's own methods as stages, from {@code IMGPROXY_OPEN_TELEMETRY_DOWNLOAD_METHODS},
 * {@code ..._QUEUE_METHODS} and {@code ..._PROCESSING_METHODS} ({@code class#method} or
 * {@code class#*}). Some time after start-up (30 s, or {@code -Dpixtrace.methods.check.seconds})
 * each entry whose class was never loaded, or whose class has no such method, is reported
 * once by name: the usual sign of a typo.
 */
public final class ConfiguredMethodsModule implements InstrumentationModule {
  private static final Layer[] STAGES = {Layer.DOWNLOAD, Layer.QUEUE, Layer.PROCESSING};

  private final Map<Layer, List<String>> byStage;
  /** Every configured entry, with what was found: null = class not loaded yet. */
  private final Map<String, String> findings = new ConcurrentHashMap<>();

  /**
   * @param byStage stage ({@link Layer#DOWNLOAD}, {@link Layer#QUEUE}, {@link Layer#PROCESSING}) to entries
   */
  public ConfiguredMethodsModule(Map<Layer, List<String>> byStage) {
    this.byStage = byStage;
  }

  @Override
  public String name() {
    return "configured-methods";
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    Map<String, Map<Layer, List<String>>> byClass = new LinkedHashMap<>();
    for (Layer stage : STAGES) {
      for (String entry : byStage.getOrDefault(stage, List.of())) {
        String className = entry.substring(0, entry.indexOf('#'));
        String method = entry.substring(entry.indexOf('#') + 1);
        byClass.computeIfAbsent(className, c -> new LinkedHashMap<>())
            .computeIfAbsent(stage, s -> new ArrayList<>()).add(method);
      }
    }
    List<TypeInstrumentation> out = new ArrayList<>();
    byClass.forEach((className, stages) -> out.add(new HostClassInstrumentation(className, stages, this)));
    return out;
  }

  /** Notes that a configured class was loaded, and which of its configured methods exist. */
  void found(String className, Map<Layer, List<String>> stages, Set<String> declared) {
    stages.forEach((stage, methods) -> {
      for (String m : methods) {
        findings.put(stage + ":" + className + "#" + m,
            m.equals("*") || declared.contains(m) ? "ok" : "no method");
      }
    });
  }

  @Override
  public void start(ModuleContext context) {
    long seconds = Long.getLong("pixtrace.methods.check.seconds", 30);
    Thread check = new Thread(() -> {
      try {
        Thread.sleep(seconds * 1000);
        report();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pixtrace-methods-check");
    check.setDaemon(true);
    check.start();
  }

  /** Logs each configured entry that did not match anything (once). */
  void report() {
    for (Layer stage : STAGES) {
      String variable = "IMGPROXY_OPEN_TELEMETRY_" + stage.name() + "_METHODS";
      for (String entry : byStage.getOrDefault(stage, List.of())) {
        String finding = findings.get(stage + ":" + entry);
        String className = entry.substring(0, entry.indexOf('#'));
        if (finding == null) {
          AgentLog.warn("configuration: " + variable + " names " + entry + ", but class " + className
              + " has not been loaded (a typo?); no spans come from it");
        } else if (!finding.equals("ok")) {
          AgentLog.warn("configuration: " + variable + " names " + entry + ", but " + className
              + " has no method " + entry.substring(entry.indexOf('#') + 1) + " (a typo?); no spans come from it");
        }
      }
    }
  }
}
