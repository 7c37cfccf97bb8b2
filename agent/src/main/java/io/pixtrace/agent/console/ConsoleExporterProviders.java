package io.pixtrace.agent.console;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pixtrace.agent.config.ConsoleExporterNames;

/** Registers the console tree with the SDK's autoconfiguration under {@code pixtrace-console}. */
public final class ConsoleExporterProviders {
  private ConsoleExporterProviders() {}

  /** Span exporter provider ({@code otel.traces.exporter=pixtrace-console}). */
  public static final class Spans implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new ConsoleTreeSpanExporter(System.err);
    }

    @Override
    public String getName() {
      return ConsoleExporterNames.NAME;
    }
  }

  /** Log record exporter provider ({@code otel.logs.exporter=pixtrace-console}). */
  public static final class Logs implements io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider {
    @Override
    public io.opentelemetry.sdk.logs.export.LogRecordExporter createExporter(ConfigProperties config) {
      return new ConsoleLogRecordExporter(System.err);
    }

    @Override
    public String getName() {
      return ConsoleExporterNames.NAME;
    }
  }

  /** Metric exporter provider ({@code otel.metrics.exporter=pixtrace-console}). */
  public static final class Metrics implements ConfigurableMetricExporterProvider {
    @Override
    public MetricExporter createExporter(ConfigProperties config) {
      return new ConsoleMetricExporter(System.err);
    }

    @Override
    public String getName() {
      return ConsoleExporterNames.NAME;
    }
  }
}
