package io.pixtrace.agent.sdk;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.pixtrace.agent.config.OtelProperties;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.agent.prometheus.PrometheusEndpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the OpenTelemetry SDK with its own autoconfiguration (so every standard
 * {@code OTEL_*} variable and exporter name works as the SDK documents it), with Pixtrace's
 * defaults below and the {@code IMGPROXY_*} settings above, and the OTLP export completed
 * through the autoconfiguration's customizer hooks ({@link ExportPipeline}): connect timeout,
 * TLS and mTLS, one exporter per collector, the LOSSY queues with their drop count, and
 * X-Ray trace ids.
 */
public final class SdkFactory {
  private SdkFactory() {}

  /**
   * The built SDK and what its configuration came to.
   *
   * @param sdk the SDK
   * @param exporters the exporters it was configured with, after all overrides
   *     ({@code traces: otlp, metrics: none, logs: none}), for the start-up line
   * @param notes one line per explicit {@code OTEL_*} value an {@code IMGPROXY_*} one replaced
   * @param tracesExported whether the traces exporter is not {@code none}
   */
  public record Built(OpenTelemetrySdk sdk, String exporters, List<String> notes, boolean tracesExported) {}

  /** Builds the SDK; it registers its own shutdown hook that flushes on JVM exit. */
  public static Built build(Settings settings) {
    ExportPipeline export = new ExportPipeline(settings);
    // The autoconfiguration calls the properties customizer once, while it builds.
    AtomicReference<OtelProperties.Overrides> overrides = new AtomicReference<>();
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .setServiceClassLoader(SdkFactory.class.getClassLoader())
        .addPropertiesSupplier(OtelProperties::defaults)
        .addPropertiesCustomizer(config -> {
          overrides.set(OtelProperties.overrides(settings, config));
          return overrides.get().properties();
        })
        .addMetricExporterCustomizer(export::metricExporter)
        .addMeterProviderCustomizer(export::meterProvider)
        .addMeterProviderCustomizer((builder, config) -> PrometheusEndpoint.register(builder, settings))
        .addSpanExporterCustomizer(export::spanExporter)
        .addSpanProcessorCustomizer(export::spanProcessor)
        .addTracerProviderCustomizer(export::tracerProvider)
        .addLogRecordExporterCustomizer(export::logExporter)
        .addLogRecordProcessorCustomizer(export::logProcessor)
        .build()
        .getOpenTelemetrySdk();
    export.registerMetrics(sdk.getMeterProvider());
    return new Built(sdk, overrides.get().exporters(), overrides.get().notes(), overrides.get().tracesExported());
  }
}
