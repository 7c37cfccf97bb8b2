package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Series Prometheus adds itself for every target. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds",
      "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+-]+,\"([^\"]*)\"\\]");

  @Test
  void prometheusScrapesImgproxyNamesWithTheNamespaceBesideOtlp() throws Exception {
    if (!Files.isExecutable(PROMETHEUS)) {
      throw new AssertionError("no Prometheus server at " + PROMETHEUS + ": install Debian's prometheus package"
          + " (apt-get install prometheus; .ci/run does it when it is missing)");
    }
    int metricsPort = freePort();
    int webPort = freePort();
    Path dir = Files.createTempDirectory("pixtrace-prometheus-it");
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
      Process prometheus = startPrometheus(dir, metricsPort, webPort);
      String api = "http://127.0.0.1:" + webPort;
      try {
        awaitValue(api, "up{job=\"avatar-service\"}", v -> v == 1, prometheus, dir);
        awaitValue(api, "avatars_requests_total", v -> v == requests, prometheus, dir);
        awaitValue(api, "avatars_request_duration_seconds_count", v -> v == requests, prometheus, dir);
        awaitValue(api, "avatars_request_span_duration_seconds_bucket{span=\"downloading_image\",le=\"+Inf\"}",
            v -> v == 3, prometheus, dir);
        awaitValue(api, "avatars_request_span_duration_seconds_count{span=\"processing_image\"}",
            v -> v == 2, prometheus, dir);
        awaitValue(api, "avatars_status_codes_total{status=\"200\"}", v -> v == 3, prometheus, dir);
        awaitValue(api, "avatars_status_codes_total{status=\"404\"}", v -> v == 1, prometheus, dir);
        awaitValue(api, "avatars_requests_in_progress", v -> v == 0, prometheus, dir);
        awaitValue(api, "avatars_vips_memory_bytes", v -> v >= 0, prometheus, dir);
        awaitValue(api, "avatars_vips_max_memory_bytes", v -> v > 0, prometheus, dir);
        // libvips' own settings: the service turns the operation cache off (vips_cache_set_max(0)),
        // the memory and file limits keep libvips' defaults (100 MiB, 100), the thread pool is
        // VIPS_CONCURRENCY, and it loads from buffers, so no file is open.
        awaitValue(api, "avatars_vips_cache_max_operations", v -> v == 0, prometheus, dir);
        awaitValue(api, "avatars_vips_cache_operations", v -> v == 0, prometheus, dir);
        awaitValue(api, "avatars_vips_cache_max_memory_bytes", v -> v == 100 * 1024 * 1024, prometheus, dir);
        awaitValue(api, "avatars_vips_cache_max_files", v -> v == 100, prometheus, dir);
        awaitValue(api, "avatars_vips_concurrency", v -> v == 2, prometheus, dir);
        awaitValue(api, "avatars_vips_open_files", v -> v == 0, prometheus, dir);
        // Memory outside the heap: the resident set Linux reports for the host's pid, read here
        // (it moves between the scrape and this read: within a quarter), and the buffer pools.
        double rss = residentBytes(host.process.pid());
        awaitValue(api, "process_resident_memory_bytes", v -> Math.abs(v - rss) < rss / 4, prometheus, dir);
        awaitValue(api, "avatars_process_memory_usage_bytes", v -> Math.abs(v - rss) < rss / 4, prometheus, dir);
        awaitValue(api, "avatars_process_memory_virtual_bytes", v -> v > rss, prometheus, dir);
        awaitValue(api, "count(avatars_jvm_buffer_memory_used_bytes{jvm_buffer_pool_name=~\"direct|mapped\"})",
            v -> v == 2, prometheus, dir);
        awaitValue(api, "avatars_jvm_buffer_count{jvm_buffer_pool_name=\"direct\"}", v -> v >= 0, prometheus, dir);
        // Several scrapes later the counts have not moved: the scrapes are not requests.
        awaitValue(api, "count_over_time(up{job=\"avatar-service\"}[1m])", v -> v >= 3, prometheus, dir);
        assertThat(value(api, "avatars_requests_total")).isEqualTo(requests);
        // Exemplars as Prometheus stored them from its own (OpenMetrics) scrape: a p99 bucket
        // opens a trace that the collector received. One more request, after Prometheus began.
        assertThat(host.get("/avatar/" + TestOrigin.CAROL + "?s=48").statusCode()).isEqualTo(200);
        extraTraces.add(otlp.awaitSpan(sp -> sp.kind() == ReceivedSpan.Kind.SERVER
            && ("/avatar/" + TestOrigin.CAROL).equals(sp.attribute("url.path")), WAIT).traceId());
        serverTraces.addAll(extraTraces);
        String exemplars = awaitExemplars(api, "avatars_request_duration_seconds_bucket", prometheus, dir);
        Matcher stored = Pattern.compile("\"trace_id\":\"([0-9a-f]{32})\"").matcher(exemplars);
        assertThat(stored.find()).as(exemplars).isTrue();
        assertThat(serverTraces).contains(stored.group(1));


        List<String> names = names(api);
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
      } finally {
        stop(prometheus);
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
    } finally {
      delete(dir);
    }
  }

  /** {@code VmRSS} of a process, in bytes, from {@code /proc/<pid>/status}. */
  private static double residentBytes(long pid) throws IOException {
    String line = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
  }

  /** Prometheus on loopback only, scraping the endpoint every second into a temporary store. */
  private static Process startPrometheus(Path dir, int metricsPort, int webPort) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: avatar-service",
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + metricsPort + "']",
        ""));
    List<String> command = List.of(PROMETHEUS.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + webPort,
        "--enable-feature=exemplar-storage",
        "--log.level=info");
    return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  private static void stop(Process prometheus) throws InterruptedException {
    prometheus.destroy();
    if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
      prometheus.destroyForcibly();
      prometheus.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Polls an instant query until its single result satisfies {@code condition}. */
  private static void awaitValue(String api, String query, Predicate<Double> condition, Process prometheus, Path dir)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      if (!prometheus.isAlive()) {
        throw new AssertionError("Prometheus exited (" + prometheus.exitValue() + ")\n" + log(dir));
      }
      try {
        last = query(api, query);
        List<Double> values = values(last);
        if (values.size() == 1 && condition.test(values.get(0))) {
          return;
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus never answered " + query + " as expected; last answer: " + last
        + "\ntargets: " + get(api + "/api/v1/targets") + "\n" + log(dir));
  }

  private static double value(String api, String query) throws Exception {
    List<Double> values = values(query(api, query));
    assertThat(values).as(query).hasSize(1);
    return values.get(0);
  }

  /** {@code /api/v1/query_exemplars} over the last ten minutes, once it returns some. */
  private static String awaitExemplars(String api, String query, Process prometheus, Path dir) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String json = "";
    while (System.nanoTime() < deadline) {
      long now = System.currentTimeMillis() / 1000;
      json = get(api + "/api/v1/query_exemplars?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
          + "&start=" + (now - 600) + "&end=" + (now + 60));
      if (json.contains("\"exemplars\":[{")) {
        return json;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no exemplars for " + query + ": " + json + "\n" + log(dir));
  }

  private static String query(String api, String query) throws IOException, InterruptedException {
    return get(api + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  /** The sample values of an instant-vector answer. */
  private static List<Double> values(String json) {
    List<Double> values = new ArrayList<>();
    Matcher m = VALUE.matcher(json);
    while (m.find()) {
      values.add(Double.valueOf(m.group(1)));
    }
    return values;
  }

  /** Every metric name Prometheus holds. */
  private static List<String> names(String api) throws IOException, InterruptedException {
    String json = get(api + "/api/v1/label/__name__/values");
    assertThat(json).startsWith("{\"status\":\"success\"");
    Matcher m = Pattern.compile("\"data\":\\[(.*)\\]").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Stream.of(m.group(1).split(",")).map(s -> s.replace("\"", "")).sorted().collect(Collectors.toList());
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  private static String log(Path dir) {
    try {
      return "--- prometheus.log ---\n" + Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no prometheus.log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }
}
