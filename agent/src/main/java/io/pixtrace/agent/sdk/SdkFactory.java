package io.pixtrace.agent.sdk;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pixtrace.agent.config.OtelProperties;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.agent.prometheus.PrometheusEndpoint;
import io.pixtrace.bootstrap.AgentLog;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Builds the OpenTelemetry SDK with its own autoconfiguration (so every standard
 * {@code OTEL_*} variable and exporter name works as the SDK documents it), with Pixtrace's
 * defaults below and the {@code IMGPROXY_*} settings above, and the OTLP exporters adjusted
 * for what only builders take: connect timeout and PEM content for TLS/mTLS.
 */
public final class SdkFactory {
  private SdkFactory() {}

  /** Builds the SDK; it registers its own shutdown hook that flushes on JVM exit. */
  public static OpenTelemetrySdk build(Settings settings) {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .setServiceClassLoader(SdkFactory.class.getClassLoader())
        .addPropertiesSupplier(() -> OtelProperties.defaults(settings))
        .addPropertiesCustomizer(config -> OtelProperties.overrides(settings, config))
        .addSpanExporterCustomizer((exporter, config) -> spans(exporter, settings))
        .addMetricExporterCustomizer((exporter, config) -> metrics(exporter, settings))
        .addLogRecordExporterCustomizer((exporter, config) -> logs(exporter, settings))
        .addMeterProviderCustomizer((builder, config) -> PrometheusEndpoint.register(builder, settings))
        .build()
        .getOpenTelemetrySdk();
  }

  private static SpanExporter spans(SpanExporter exporter, Settings s) {
    if (exporter instanceof OtlpGrpcSpanExporter) {
      OtlpGrpcSpanExporter e = (OtlpGrpcSpanExporter) exporter;
      return replace(exporter, withTls(s, () -> {
        var b = e.toBuilder().setConnectTimeout(s.connectionTimeout());
        tls(s, b::setTrustedCertificates, b::setClientTls);
        return b.build();
      }, () -> e.toBuilder().setConnectTimeout(s.connectionTimeout()).build()));
    }
    if (exporter instanceof OtlpHttpSpanExporter) {
      OtlpHttpSpanExporter e = (OtlpHttpSpanExporter) exporter;
      return replace(exporter, withTls(s, () -> {
        var b = e.toBuilder().setConnectTimeout(s.connectionTimeout());
        tls(s, b::setTrustedCertificates, b::setClientTls);
        return b.build();
      }, () -> e.toBuilder().setConnectTimeout(s.connectionTimeout()).build()));
    }
    return exporter;
  }

  private static MetricExporter metrics(MetricExporter exporter, Settings s) {
    if (exporter instanceof OtlpGrpcMetricExporter) {
      OtlpGrpcMetricExporter e = (OtlpGrpcMetricExporter) exporter;
      return replace(exporter, withTls(s, () -> {
        var b = e.toBuilder().setConnectTimeout(s.connectionTimeout());
        tls(s, b::setTrustedCertificates, b::setClientTls);
        return b.build();
      }, () -> e.toBuilder().setConnectTimeout(s.connectionTimeout()).build()));
    }
    if (exporter instanceof OtlpHttpMetricExporter) {
      OtlpHttpMetricExporter e = (OtlpHttpMetricExporter) exporter;
      return replace(exporter, withTls(s, () -> {
        var b = e.toBuilder().setConnectTimeout(s.connectionTimeout());
        tls(s, b::setTrustedCertificates, b::setClientTls);
        return b.build();
      }, () -> e.toBuilder().setConnectTimeout(s.connectionTimeout()).build()));
    }
    return exporter;
  }

  private static LogRecordExporter logs(LogRecordExporter exporter, Settings s) {
    if (exporter instanceof OtlpGrpcLogRecordExporter) {
      OtlpGrpcLogRecordExporter e = (OtlpGrpcLogRecordExporter) exporter;
      return replace(exporter, withTls(s, () -> {
        var b = e.toBuilder().setConnectTimeout(s.connectionTimeout());
        tls(s, b::setTrustedCertificates, b::setClientTls);
        return b.build();
      }, () -> e.toBuilder().setConnectTimeout(s.connectionTimeout()).build()));
    }
    if (exporter instanceof OtlpHttpLogRecordExporter) {
      OtlpHttpLogRecordExporter e = (OtlpHttpLogRecordExporter) exporter;
      return replace(exporter, withTls(s, () -> {
        var b = e.toBuilder().setConnectTimeout(s.connectionTimeout());
        tls(s, b::setTrustedCertificates, b::setClientTls);
        return b.build();
      }, () -> e.toBuilder().setConnectTimeout(s.connectionTimeout()).build()));
    }
    return exporter;
  }

  /**
   * Builds the exporter with the TLS settings; when the SDK rejects them (a PEM it cannot
   * parse), says which variables are at fault and builds it without them.
   */
  private static <T> T withTls(Settings s, Supplier<T> configured, Supplier<T> plain) {
    if (s.serverCert() == null && s.clientCert() == null) {
      return plain.get();
    }
    try {
      return configured.get();
    } catch (RuntimeException e) {
      AgentLog.warn("configuration: IMGPROXY_OPEN_TELEMETRY_SERVER_CERT / _CLIENT_CERT / _CLIENT_KEY could not be"
          + " used (" + e.getMessage() + "): expected PEM certificates and a PKCS#8 or PKCS#1 key; exporting without them");
      return plain.get();
    }
  }

  /** Applies PEM content from the settings; the SDK parses it (no PEM code here). */
  private static void tls(Settings s, java.util.function.Consumer<byte[]> trust,
      java.util.function.BiConsumer<byte[], byte[]> clientTls) {
    if (s.serverCert() != null) {
      trust.accept(pem(s.serverCert()));
    }
    if (s.clientCert() != null && s.clientKey() != null) {
      clientTls.accept(pem(s.clientKey()), pem(s.clientCert()));
    }
  }

  /** PEM text (already read from a file or unescaped by {@link Settings}) as bytes. */
  static byte[] pem(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T replace(Object old, T replacement) {
    try {
      if (old instanceof SpanExporter) {
        ((SpanExporter) old).shutdown();
      } else if (old instanceof MetricExporter) {
        ((MetricExporter) old).shutdown();
      } else if (old instanceof LogRecordExporter) {
        ((LogRecordExporter) old).shutdown();
      }
    } catch (RuntimeException ignored) {
      // The replaced exporter never sent anything; failing to close it changes nothing.
    }
    return replacement;
  }

}
