package io.pixtrace.testing.otlp;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds real OTLP SDK exporters (OkHttp sender) aimed at a receiver, for one transport. */
final class Exporters {

  private final OtlpReceiver receiver;
  private final Transport transport;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String compression = "none";
  private RetryPolicy retry;
  private Duration timeout = Duration.ofSeconds(10);
  private byte[] trustedCa;
  private byte[] clientKey;
  private byte[] clientCert;

  private Exporters(OtlpReceiver receiver, Transport transport) {
    this.receiver = receiver;
    this.transport = transport;
  }

  /** Exporters for {@code transport}; no retries unless {@link #retry(RetryPolicy)} is called. */
  static Exporters to(OtlpReceiver receiver, Transport transport) {
    return new Exporters(receiver, transport);
  }

  Exporters header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Exporters compression(String compression) {
    this.compression = compression;
    return this;
  }

  Exporters retry(RetryPolicy retry) {
    this.retry = retry;
    return this;
  }

  Exporters timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  Exporters tls(byte[] trustedCa, byte[] clientKey, byte[] clientCert) {
    this.trustedCa = trustedCa;
    this.clientKey = clientKey;
    this.clientCert = clientCert;
    return this;
  }

  SpanExporter spans() {
    if (transport == Transport.GRPC) {
      OtlpGrpcSpanExporterBuilder b =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(receiver.grpcUrl())
              .setCompression(compression)
              .setTimeout(timeout)
              .setRetryPolicy(retry);
      headers.forEach(b::addHeader);
      if (trustedCa != null) {
        b.setTrustedCertificates(trustedCa);
      }
      if (clientKey != null) {
        b.setClientTls(clientKey, clientCert);
      }
      return b.build();
    }
    OtlpHttpSpanExporterBuilder b =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.httpEndpoint(Signal.TRACES))
            .setCompression(compression)
            .setTimeout(timeout)
            .setRetryPolicy(retry);
    headers.forEach(b::addHeader);
    if (trustedCa != null) {
      b.setTrustedCertificates(trustedCa);
    }
    if (clientKey != null) {
      b.setClientTls(clientKey, clientCert);
    }
    return b.build();
  }

  MetricExporter metrics() {
    if (transport == Transport.GRPC) {
      OtlpGrpcMetricExporterBuilder b =
          OtlpGrpcMetricExporter.builder()
              .setEndpoint(receiver.grpcUrl())
              .setCompression(compression)
              .setTimeout(timeout)
              .setRetryPolicy(retry);
      headers.forEach(b::addHeader);
      if (trustedCa != null) {
        b.setTrustedCertificates(trustedCa);
      }
      if (clientKey != null) {
        b.setClientTls(clientKey, clientCert);
      }
      return b.build();
    }
    OtlpHttpMetricExporterBuilder b =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(receiver.httpEndpoint(Signal.METRICS))
            .setCompression(compression)
            .setTimeout(timeout)
            .setRetryPolicy(retry);
    headers.forEach(b::addHeader);
    if (trustedCa != null) {
      b.setTrustedCertificates(trustedCa);
    }
    if (clientKey != null) {
      b.setClientTls(clientKey, clientCert);
    }
    return b.build();
  }

  LogRecordExporter logs() {
    if (transport == Transport.GRPC) {
      OtlpGrpcLogRecordExporterBuilder b =
          OtlpGrpcLogRecordExporter.builder()
              .setEndpoint(receiver.grpcUrl())
              .setCompression(compression)
              .setTimeout(timeout)
              .setRetryPolicy(retry);
      headers.forEach(b::addHeader);
      if (trustedCa != null) {
        b.setTrustedCertificates(trustedCa);
      }
      if (clientKey != null) {
        b.setClientTls(clientKey, clientCert);
      }
      return b.build();
    }
    OtlpHttpLogRecordExporterBuilder b =
        OtlpHttpLogRecordExporter.builder()
            .setEndpoint(receiver.httpEndpoint(Signal.LOGS))
            .setCompression(compression)
            .setTimeout(timeout)
            .setRetryPolicy(retry);
    headers.forEach(b::addHeader);
    if (trustedCa != null) {
      b.setTrustedCertificates(trustedCa);
    }
    if (clientKey != null) {
      b.setClientTls(clientKey, clientCert);
    }
    return b.build();
  }
}
