package io.pixtrace.agent.prometheus;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: collects the SDK's metrics through the exporter's
 * {@code PrometheusMetricReader} (OpenTelemetry → Prometheus names and types), applies the
 * namespace and writes them with prometheus-metrics' text format writer (version 0.0.4), or,
 * when the scraper's {@code Accept} asks for it (Prometheus does by default), its OpenMetrics
 * 1.0 writer, which also writes the histogram buckets' exemplars (trace and span ids).
 * It answers through {@link MetricsServer}, which no server instrumentation sees.
 */
final class MetricsHandler implements MetricsServer.Responder {
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
  public MetricsServer.Response respond(String method, String path, Map<String, String> headers) {
    boolean head = "HEAD".equals(method);
    if (!"GET".equals(method) && !head) {
      return text(405, "only GET and HEAD\n", Map.of("Allow", "GET, HEAD"));
    }
    if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
      return text(404, "metrics are at " + PATH + "\n", Map.of());
    }
    try {
      ExpositionFormatWriter writer = OPENMETRICS.accepts(headers.get("accept")) ? OPENMETRICS : WRITER;
      byte[] body = exposition(collector.collect(), namespace, processMemory, writer);
      Map<String, String> out = new LinkedHashMap<>();
      out.put("Content-Type", writer.getContentType());
      String encodings = headers.get("accept-encoding");
      if (encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip")) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
          zip.write(body);
        }
        body = gz.toByteArray();
        out.put("Content-Encoding", "gzip");
      }
      return new MetricsServer.Response(200, out, body);
    } catch (IOException | RuntimeException | LinkageError e) {
      AgentLog.error("prometheus:scrape", "could not write the Prometheus metrics", e);
      return text(500, "could not collect the metrics\n", Map.of());
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

  private static MetricsServer.Response text(int status, String message, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put("Content-Type", "text/plain; charset=utf-8");
    return new MetricsServer.Response(status, headers, message.getBytes(StandardCharsets.UTF_8));
  }
}
