package io.pixtrace.agent.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.pixtrace.agent.runtime.ProcessMemory;
import io.pixtrace.bootstrap.AgentLog;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: collects the SDK's metrics through the exporter's
 * {@code PrometheusMetricReader} (OpenTelemetry → Prometheus names and types), applies the
 * namespace and writes them with prometheus-metrics' text format writer (version 0.0.4), or,
 * when the scraper's {@code Accept} asks for it (Prometheus does by default), its OpenMetrics
 * 1.0 writer, which also writes the histogram buckets' exemplars (trace and span ids).
 * Its class name starts with {@code io.pixtrace.}, so the server instrumentation leaves
 * these exchanges alone.
 */
final class MetricsHandler implements HttpHandler {
  static final String PATH = "/metrics";

  private final MultiCollector collector;
  private final String namespace;
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();
  /** For a scraper whose {@code Accept} names OpenMetrics: the same metrics with their exemplars. */
  private static final OpenMetricsTextFormatWriter OPENMETRICS = OpenMetricsTextFormatWriter.create();

  private final boolean processMemory;

  /**
   * @param processMemory whether {@code /metrics} also shows {@value #RESIDENT} and
   *     {@value #VIRTUAL} (the runtime-metrics layer is on)
   */
  MetricsHandler(MultiCollector collector, String namespace, boolean processMemory) {
    this.collector = collector;
    this.namespace = namespace;
    this.processMemory = processMemory;
  }

  /**
   * The resident memory under the name of the Prometheus client libraries' process collector
   * (imgproxy 4.x's Go collector among them), without the namespace, as they write it.
   */
  static final String RESIDENT = "process_resident_memory_bytes";
  /** The virtual memory, named as {@value #RESIDENT} is. */
  static final String VIRTUAL = "process_virtual_memory_bytes";

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
      ExpositionFormatWriter writer;
      try {
        writer = OPENMETRICS.accepts(exchange.getRequestHeaders().getFirst("Accept")) ? OPENMETRICS : WRITER;
        body = exposition(collector.collect(), namespace, processMemory, writer);
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
      exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
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

  /**
   * The metrics in {@code writer}'s format (Prometheus text 0.0.4, or OpenMetrics 1.0 with the
   * histogram buckets' exemplars), every name prefixed with the namespace; with
   * {@code processMemory}, {@value #RESIDENT} and {@value #VIRTUAL} (bytes, from
   * {@link ProcessMemory}, where it can read them) follow unprefixed.
   */
  static byte[] exposition(MetricSnapshots snapshots, String namespace, boolean processMemory,
      ExpositionFormatWriter writer) throws IOException {
    MetricSnapshots out = Namespace.prefix(snapshots, namespace);
    if (processMemory) {
      List<MetricSnapshot> all = new ArrayList<>(out.size() + 2);
      out.forEach(all::add);
      addGauge(all, RESIDENT, "Resident memory size in bytes.", ProcessMemory.residentBytes());
      addGauge(all, VIRTUAL, "Virtual memory size in bytes.", ProcessMemory.virtualBytes());
      out = new MetricSnapshots(all);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
    writer.write(bytes, out, EscapingScheme.UNDERSCORE_ESCAPING);
    return bytes.toByteArray();
  }

  private static void addGauge(List<MetricSnapshot> all, String name, String help, long value) {
    if (value >= 0) {
      all.add(GaugeSnapshot.builder().name(name).help(help).unit(Unit.BYTES)
          .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build());
    }
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
