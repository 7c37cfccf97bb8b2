package io.pixtrace.agent.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.pixtrace.bootstrap.AgentLog;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: collects the SDK's metrics through the exporter's
 * {@code PrometheusMetricReader} (OpenTelemetry → Prometheus names and types), applies the
 * namespace and writes them with prometheus-metrics' text format writer (version 0.0.4).
 * Its class name starts with {@code io.pixtrace.}, so the server instrumentation leaves
 * these exchanges alone.
 */
final class MetricsHandler implements HttpHandler {
  static final String PATH = "/metrics";

  private final MultiCollector collector;
  private final String namespace;
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

  MetricsHandler(MultiCollector collector, String namespace) {
    this.collector = collector;
    this.namespace = namespace;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!"GET".equals(method) && !head) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        text(exchange, 405, "only GET and HEAD\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
        text(exchange, 404, "metrics are at " + PATH + "\n");
        return;
      }
      byte[] body;
      try {
        body = exposition(collector.collect(), namespace);
      } catch (RuntimeException | LinkageError e) {
        AgentLog.error("prometheus:scrape", "could not write the Prometheus metrics", e);
        text(exchange, 500, "could not collect the metrics\n");
        return;
      }
      String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
          out.write(body);
        }
        body = gz.toByteArray();
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
      if (head) {
        exchange.sendResponseHeaders(200, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } finally {
      exchange.close();
    }
  }

  /** The metrics in the Prometheus text format, every name prefixed with the namespace. */
  static byte[] exposition(MetricSnapshots snapshots, String namespace) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    WRITER.write(out, Namespace.prefix(snapshots, namespace), EscapingScheme.UNDERSCORE_ESCAPING);
    return out.toByteArray();
  }

  private static void text(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
