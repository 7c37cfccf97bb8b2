package io.pixtrace.agent.sdk;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.pixtrace.agent.config.OtelProperties;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.agent.prometheus.PrometheusEndpoint;

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

  /** Builds the SDK; it registers its own shutdown hook that flushes on JVM exit. */
  public static OpenTelemetrySdk build(Settings settings) {
    ExportPipeline export = new ExportPipeline(settings);
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .setServiceClassLoader(SdkFactory.class.getClassLoader())
        .addPropertiesSupplier(() -> OtelProperties.defaults(settings))
        .addPropertiesCustomizer(config -> OtelProperties.overrides(settings, config))
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
    return sdk;
  }
}
