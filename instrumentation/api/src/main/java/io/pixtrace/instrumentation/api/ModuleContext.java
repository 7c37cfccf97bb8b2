package io.pixtrace.instrumentation.api;

import io.opentelemetry.api.OpenTelemetry;

/** What a module is given when the agent starts it ({@link InstrumentationModule#start}). */
public interface ModuleContext {
  /** The configured OpenTelemetry, e.g. for a module's gauges. */
  OpenTelemetry openTelemetry();

  /**
   * Registers an adapter that the module's advice finds in {@code io.pixtrace.bootstrap.Adapters}
   * under {@code name} (the module's {@code NAME} constant, or a name derived from it).
   */
  void registerAdapter(String name, Object adapter);
}
