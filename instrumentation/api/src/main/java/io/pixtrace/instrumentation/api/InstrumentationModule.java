package io.pixtrace.instrumentation.api;

import io.opentelemetry.api.OpenTelemetry;
import java.util.List;

/**
 * One instrumented library: the stage layer it feeds, its type instrumentations, and what it
 * sets up when the agent starts (adapters, gauges). Modeled on the OpenTelemetry Java
 * instrumentation's module/type-instrumentation/advice split.
 *
 * <p>Implementations have a public no-argument constructor; the agent lists them by class
 * name and loads only those whose {@link #minimumJavaVersion()} the host meets.
 */
public interface InstrumentationModule {
  /** Short name used in logs, e.g. {@code jdk-httpserver}. */
  String name();

  /** The layer this module feeds; {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} switches layers off. */
  Layer layer();

  /** The lowest Java feature version the module runs on (its class files target it). */
  default int minimumJavaVersion() {
    return 17;
  }

  /** The types to transform and the advice for each. */
  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Called once before the transformations are installed, with the configured
   * OpenTelemetry (e.g. to register adapters or gauges). Must not throw.
   */
  default void start(OpenTelemetry openTelemetry) {}
}
