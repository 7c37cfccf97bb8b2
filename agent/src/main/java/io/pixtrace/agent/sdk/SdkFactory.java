package io.pixtrace.agent.sdk;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.pixtrace.agent.config.OtelProperties;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.agent.prometheus.PrometheusEndpoint;
import io.pixtrace.bootstrap.AgentLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    return build(settings, new ExportPipeline(settings), true);
  }

  private static Built build(Settings settings, ExportPipeline export, boolean prometheus) {
    // The autoconfiguration calls the properties customizer once, while it builds.
    AtomicReference<OtelProperties.Overrides> overrides = new AtomicReference<>();
    var builder = AutoConfiguredOpenTelemetrySdk.builder()
        .setServiceClassLoader(SdkFactory.class.getClassLoader())
        .addPropertiesSupplier(OtelProperties::defaults)
        .addPropertiesCustomizer(config -> {
          overrides.set(OtelProperties.overrides(settings, config));
          return overrides.get().properties();
        })
        .addMetricExporterCustomizer(export::metricExporter)
        .addMeterProviderCustomizer(export::meterProvider)
        .addSpanExporterCustomizer(export::spanExporter)
        .addSpanProcessorCustomizer(export::spanProcessor)
        .addTracerProviderCustomizer(export::tracerProvider)
        .addLogRecordExporterCustomizer(export::logExporter)
        .addLogRecordProcessorCustomizer(export::logProcessor);
    if (prometheus) {
      builder.addMeterProviderCustomizer((b, config) -> PrometheusEndpoint.register(b, settings));
    }
    OpenTelemetrySdk sdk = builder.build().getOpenTelemetrySdk();
    export.registerMetrics(sdk.getMeterProvider());
    return new Built(sdk, overrides.get().exporters(), overrides.get().notes(), overrides.get().tracesExported());
  }

  /**
   * One export round trip.
   *
   * @param ok whether the collector accepted it
   * @param collector the collector's {@code host:port} (null when the SDK could not be built)
   * @param line what {@code check} prints: {@code traces to host:port: ...}
   */
  public record RoundTrip(boolean ok, String collector, String line) {}

  /**
   * For {@code check}: builds the OTLP exporters exactly as the agent does (protocol, TLS, mTLS,
   * headers, timeouts, every collector) and sends each one empty export request, waiting at most
   * {@code timeout} for each. No Prometheus endpoint is started. An SDK that cannot be built is
   * one failed round trip with the SDK's message.
   */
  public static List<RoundTrip> roundTrips(Settings settings, Duration timeout) {
    ExportPipeline export = new ExportPipeline(settings);
    OpenTelemetrySdk sdk;
    try {
      sdk = build(settings, export, false).sdk();
    } catch (RuntimeException e) {
      return List.of(new RoundTrip(false, null, "the SDK could not be built: " + AgentLog.describe(e)));
    }
    List<RoundTrip> out = new ArrayList<>();
    try {
      for (ExportPipeline.RoundTrip r : export.roundTrips()) {
        CompletableResultCode result = r.emptyExport().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String to = r.signal() + " to " + r.collector();
        if (result.isSuccess()) {
          out.add(new RoundTrip(true, r.collector(), to + ": an empty OTLP export request was accepted"));
        } else {
          Throwable failure = result.getFailureThrowable();
          out.add(new RoundTrip(false, r.collector(), to + ": " + (!result.isDone() ? "no answer within " + timeout.toMillis() + " ms"
              : failure == null ? "the export failed" : AgentLog.describe(failure))));
        }
      }
    } finally {
      sdk.shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return out;
  }
}
