package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus pull endpoint beside OTLP push, read by a real Prometheus server (Debian's
 * {@code prometheus} package, {@code /usr/bin/prometheus}): the avatar service runs with
 * {@code IMGPROXY_PROMETHEUS_BIND} and {@code IMGPROXY_PROMETHEUS_NAMESPACE=avatars}, and
 * Prometheus, scraping every second, holds imgproxy's names with the prefix and values that
 * agree with the requests made, while the OTLP receiver gets the same metrics unprefixed. The
 * endpoint's own exchanges are neither traced nor counted.
 */
class PrometheusIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Series Prometheus adds itself for every target. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds",
      "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");

  @Test
  void prometheusScrapesImgproxyNamesWithTheNamespaceBesideOtlp() throws Exception {
    int metricsPort = PrometheusServer.freePort();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "127.0.0.1:" + otlp.httpPort(),
            "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "http",
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "500",
            "IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + metricsPort,
            "IMGPROXY_PROMETHEUS_NAMESPACE", "avatars",
            "VIPS_CONCURRENCY", "2"))) {
      String endpoint = "http://127.0.0.1:" + metricsPort + "/metrics";
      host.process.awaitStderr("\\[pixtrace\\] INFO Prometheus metrics at " + Pattern.quote(endpoint)
          + " \\(names prefixed avatars_\\)", Duration.ofSeconds(10));

      assertThat(host.get("/avatar/" + TestOrigin.ALICE + "?s=64").statusCode()).isEqualTo(200);
      assertThat(host.get("/avatar/" + TestOrigin.BOB + "?f=webp").statusCode()).isEqualTo(200);
      assertThat(host.get("/avatar/" + TestOrigin.NOBODY).statusCode()).isEqualTo(404);
      assertThat(host.get("/health").statusCode()).isEqualTo(200);
      int requests = 4;

      // Asked for OpenMetrics, the buckets carry exemplars: the trace and span of a request. The
      // SDK hands a bucket's exemplar to one collection only (the first scrape after the
      // recording), so this scrape comes first.
      HttpResponse<String> open = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(endpoint))
          .header("Accept", "application/openmetrics-text; version=1.0.0").timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("application/openmetrics-text; version=1.0.0"));
      assertThat(open.body()).endsWith("# EOF\n");
      Set<String> serverTraces = otlp.awaitSpans(l -> l.stream().filter(sp -> sp.kind() == ReceivedSpan.Kind.SERVER)
          .count() >= requests, WAIT).stream().filter(sp -> sp.kind() == ReceivedSpan.Kind.SERVER)
          .map(ReceivedSpan::traceId).collect(Collectors.toCollection(java.util.HashSet::new));
      Matcher exemplar = Pattern.compile("^avatars_request_duration_seconds_bucket\\{.*\\} \\d+ # \\{span_id=\"([0-9a-f]{16})\","
          + "trace_id=\"([0-9a-f]{32})\"\\} [0-9.e-]+ [0-9.]+$", Pattern.MULTILINE).matcher(open.body());
      assertThat(exemplar.find()).as(open.body()).isTrue();
      assertThat(serverTraces).contains(exemplar.group(2));

      // The endpoint itself: the Prometheus text format, every family prefixed.
      HttpResponse<String> direct = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(endpoint))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(direct.statusCode()).isEqualTo(200);
      assertThat(direct.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      List<String> lines = direct.body().lines().collect(Collectors.toList());
      assertThat(lines).contains("# TYPE avatars_requests_total counter",
          "avatars_requests_total{otel_scope_name=\"io.pixtrace\"} " + requests + ".0",
          "# TYPE avatars_request_duration_seconds histogram");
      // Every family prefixed but the process collector's standard names.
      assertThat(lines).filteredOn(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("process_"))
          .allMatch(l -> l.startsWith("avatars_"));
      assertThat(lines).anyMatch(l -> l.startsWith("process_resident_memory_bytes "))
          .anyMatch(l -> l.startsWith("process_virtual_memory_bytes "));

      List<String> extraTraces = new java.util.ArrayList<>();
      try (PrometheusServer prometheus = PrometheusServer.start(metricsPort, List.of())) {
        prometheus.awaitValue("up{job=\"avatar-service\"}", v -> v == 1);
        prometheus.awaitValue("avatars_requests_total", v -> v == requests);
        prometheus.awaitValue("avatars_request_duration_seconds_count", v -> v == requests);
        prometheus.awaitValue("avatars_request_span_duration_seconds_bucket{span=\"downloading_image\",le=\"+Inf\"}",
            v -> v == 3);
        prometheus.awaitValue("avatars_request_span_duration_seconds_count{span=\"processing_image\"}",
            v -> v == 2);
        prometheus.awaitValue("avatars_status_codes_total{status=\"200\"}", v -> v == 3);
        prometheus.awaitValue("avatars_status_codes_total{status=\"404\"}", v -> v == 1);
        prometheus.awaitValue("avatars_requests_in_progress", v -> v == 0);
        prometheus.awaitValue("avatars_vips_memory_bytes", v -> v >= 0);
        prometheus.awaitValue("avatars_vips_max_memory_bytes", v -> v > 0);
        // libvips' own settings: the service turns the operation cache off (vips_cache_set_max(0)),
        // the memory and file limits keep libvips' defaults (100 MiB, 100), the thread pool is
        // VIPS_CONCURRENCY, and it loads from buffers, so no file is open.
        prometheus.awaitValue("avatars_vips_cache_max_operations", v -> v == 0);
        prometheus.awaitValue("avatars_vips_cache_operations", v -> v == 0);
        prometheus.awaitValue("avatars_vips_cache_max_memory_bytes", v -> v == 100 * 1024 * 1024);
        prometheus.awaitValue("avatars_vips_cache_max_files", v -> v == 100);
        prometheus.awaitValue("avatars_vips_concurrency", v -> v == 2);
        prometheus.awaitValue("avatars_vips_open_files", v -> v == 0);
        // Memory outside the heap: the resident set Linux reports for the host's pid, read here
        // (it moves between the scrape and this read: within a quarter), and the buffer pools.
        double rss = residentBytes(host.process.pid());
        prometheus.awaitValue("process_resident_memory_bytes", v -> Math.abs(v - rss) < rss / 4);
        prometheus.awaitValue("avatars_process_memory_usage_bytes", v -> Math.abs(v - rss) < rss / 4);
        prometheus.awaitValue("avatars_process_memory_virtual_bytes", v -> v > rss);
        prometheus.awaitValue("count(avatars_jvm_buffer_memory_used_bytes{jvm_buffer_pool_name=~\"direct|mapped\"})",
            v -> v == 2);
        prometheus.awaitValue("avatars_jvm_buffer_count{jvm_buffer_pool_name=\"direct\"}", v -> v >= 0);
        // Several scrapes later the counts have not moved: the scrapes are not requests.
        prometheus.awaitValue("count_over_time(up{job=\"avatar-service\"}[1m])", v -> v >= 3);
        assertThat(prometheus.value("avatars_requests_total")).isEqualTo(requests);
        // Exemplars as Prometheus stored them from its own (OpenMetrics) scrape: a p99 bucket
        // opens a trace that the collector received. One more request, after Prometheus began.
        assertThat(host.get("/avatar/" + TestOrigin.CAROL + "?s=48").statusCode()).isEqualTo(200);
        extraTraces.add(otlp.awaitSpan(sp -> sp.kind() == ReceivedSpan.Kind.SERVER
            && ("/avatar/" + TestOrigin.CAROL).equals(sp.attribute("url.path")), WAIT).traceId());
        serverTraces.addAll(extraTraces);
        String exemplars = prometheus.awaitExemplars("avatars_request_duration_seconds_bucket");
        Matcher stored = Pattern.compile("\"trace_id\":\"([0-9a-f]{32})\"").matcher(exemplars);
        assertThat(stored.find()).as(exemplars).isTrue();
        assertThat(serverTraces).contains(stored.group(1));


        List<String> names = prometheus.names();
        System.out.println("PrometheusIT: metric names in Prometheus: " + names);
        assertThat(names).contains("avatars_requests_total", "avatars_status_codes_total", "avatars_errors_total",
            "avatars_request_duration_seconds_bucket", "avatars_request_duration_seconds_count",
            "avatars_request_duration_seconds_sum", "avatars_request_span_duration_seconds_bucket",
            "avatars_requests_in_progress", "avatars_images_in_progress", "avatars_images_processed_total",
            "avatars_vips_memory_bytes", "avatars_vips_max_memory_bytes", "avatars_vips_allocs",
            "avatars_vips_open_files", "avatars_vips_cache_operations", "avatars_vips_cache_max_operations",
            "avatars_vips_cache_max_memory_bytes", "avatars_vips_cache_max_files", "avatars_vips_concurrency",
            "avatars_http_server_request_duration_seconds_bucket",
            "avatars_http_client_request_duration_seconds_bucket", "avatars_target_info");
        assertThat(names).contains("process_resident_memory_bytes", "process_virtual_memory_bytes",
            "avatars_process_memory_usage_bytes", "avatars_jvm_buffer_memory_used_bytes");
        assertThat(names).filteredOn(n -> !PROMETHEUS_OWN.contains(n) && !n.startsWith("process_"))
            .allMatch(n -> n.startsWith("avatars_"));
        assertThat(names).noneMatch(n -> n.contains("_ratio") || n.contains("seconds_seconds")
            || n.contains("bytes_bytes") || n.contains("total_total"));
      }

      // Push beside pull: OTLP has the same metrics under the SDK's (unprefixed) names.
      ReceivedMetric pushed = otlp.awaitMetric("requests_total", m -> m.longValue() == requests + 1, WAIT);
      assertThat(pushed.unit()).isEqualTo("1");
      otlp.awaitMetric("request_duration_seconds", m -> m.count() == requests + 1, WAIT);
      assertThat(otlp.metricNames()).noneMatch(n -> n.startsWith("avatars_"))
          .as("the process collector's names are for /metrics only").doesNotContain("process_resident_memory_bytes");
      double rss = residentBytes(host.process.pid());
      assertThat(otlp.awaitMetric("process.memory.usage", m -> Math.abs(m.longValue() - rss) < rss / 4, WAIT).unit())
          .isEqualTo("By");
      otlp.awaitMetric("jvm.buffer.memory.used", m -> m.longValue() >= 0, WAIT);
      // Over OTLP the duration histograms carry the same exemplars: a sampled request's ids.
      for (String histogram : List.of("request_duration_seconds", "http.server.request.duration",
          "request_span_duration_seconds", "http.client.request.duration")) {
        ReceivedMetric withExemplar = otlp.awaitMetric(histogram, m -> !m.exemplars().isEmpty(), WAIT);
        assertThat(withExemplar.exemplars()).as(histogram)
            .allSatisfy(e -> assertThat(serverTraces).contains(e.traceId()))
            .allSatisfy(e -> assertThat(e.spanId()).matches("[0-9a-f]{16}"));
      }
      String carolTrace = extraTraces.get(0);
      String carolServer = otlp.spans().stream().filter(sp -> sp.kind() == ReceivedSpan.Kind.SERVER
          && sp.traceId().equals(carolTrace)).findFirst().orElseThrow().spanId();
      assertThat(otlp.metrics()).filteredOn(m -> m.name().equals("request_duration_seconds"))
          .flatMap(ReceivedMetric::exemplars).as("the request's own exemplar names its SERVER span")
          .anyMatch(e -> e.traceId().equals(carolTrace) && e.spanId().equals(carolServer));
      assertThat(otlp.latest("requests_total").orElseThrow().longValue()).isEqualTo(requests + 1);
      List<ReceivedSpan> servers = otlp.awaitSpans(
          l -> l.stream().filter(s -> s.kind() == ReceivedSpan.Kind.SERVER).count() >= requests + 1, WAIT);
      assertThat(servers).filteredOn(s -> s.kind() == ReceivedSpan.Kind.SERVER).hasSize(requests + 1)
          .noneMatch(s -> "/metrics".equals(s.attribute("url.path")));
      assertThat(host.process.stderr()).as(host.process.output())
          .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
    }
  }

  /** {@code VmRSS} of a process, in bytes, from {@code /proc/<pid>/status}. */
  private static double residentBytes(long pid) throws IOException {
    String line = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
  }
}
