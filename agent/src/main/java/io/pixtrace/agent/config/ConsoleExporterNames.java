package io.pixtrace.agent.config;

/** The exporter name under which Pixtrace's console tree is registered with the SDK. */
public final class ConsoleExporterNames {
  /** Name for {@code otel.traces.exporter} / {@code otel.metrics.exporter}. */
  public static final String NAME = "pixtrace-console";

  private ConsoleExporterNames() {}
}
