package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, {@code /usr/bin/prometheus})
 * on loopback, scraping one {@code /metrics} endpoint every second into a temporary store, with
 * exemplar storage on and the given rule files loaded (evaluated every second). Its HTTP API
 * answers the queries of the tests; the store is deleted on close.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+-]+,\"([^\"]*)\"\\]");

  private final Path dir;
  private final Process process;
  /** The API's base URL, {@code http://127.0.0.1:<port>}. */
  final String api;

  private PrometheusServer(Path dir, Process process, String api) {
    this.dir = dir;
    this.process = process;
    this.api = api;
  }

  /**
   * Starts Prometheus scraping {@code 127.0.0.1:<metricsPort>/metrics} as job
   * {@code avatar-service}.
   *
   * @throws AssertionError when the binary is missing (naming the package to install)
   */
  static PrometheusServer start(int metricsPort, List<Path> ruleFiles) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError("no Prometheus server at " + BINARY + ": install Debian's prometheus package"
          + " (apt-get install prometheus; .ci/run does it when it is missing)");
    }
    Path dir = Files.createTempDirectory("pixtrace-prometheus");
    List<String> config = new ArrayList<>(List.of(
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s"));
    if (!ruleFiles.isEmpty()) {
      config.add("rule_files:");
      ruleFiles.forEach(f -> config.add("  - '" + f.toAbsolutePath() + "'"));
    }
    config.addAll(List.of(
        "scrape_configs:",
        "  - job_name: avatar-service",
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + metricsPort + "']",
        ""));
    Files.writeString(dir.resolve("prometheus.yml"), String.join("\n", config));
    int webPort = freePort();
    List<String> command = List.of(BINARY.toString(),
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + webPort,
        "--enable-feature=exemplar-storage",
        "--log.level=info");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    return new PrometheusServer(dir, process, "http://127.0.0.1:" + webPort);
  }

  /** A free loopback port (free when this returns). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The answer of {@code GET <api><pathAndQuery>}, as text. */
  String get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(api + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  /** The JSON answer of an instant query. */
  String query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The sample values of an instant-vector answer. */
  static List<Double> values(String json) {
    List<Double> values = new ArrayList<>();
    Matcher m = VALUE.matcher(json);
    while (m.find()) {
      values.add(Double.valueOf(m.group(1)));
    }
    return values;
  }

  /** The single value of an instant query. */
  double value(String promql) throws Exception {
    List<Double> values = values(query(promql));
    assertThat(values).as(promql).hasSize(1);
    return values.get(0);
  }

  /** Polls an instant query until its single result satisfies {@code condition}. */
  void awaitValue(String promql, Predicate<Double> condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      alive();
      try {
        last = query(promql);
        List<Double> values = values(last);
        if (values.size() == 1 && condition.test(values.get(0))) {
          return;
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus never answered " + promql + " as expected; last answer: " + last
        + "\ntargets: " + get("/api/v1/targets") + "\n" + log());
  }

  /** {@code /api/v1/query_exemplars} over the last ten minutes, once it returns some. */
  String awaitExemplars(String promql) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String json = "";
    while (System.nanoTime() < deadline) {
      long now = System.currentTimeMillis() / 1000;
      json = get("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
          + "&start=" + (now - 600) + "&end=" + (now + 60));
      if (json.contains("\"exemplars\":[{")) {
        return json;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no exemplars for " + promql + ": " + json + "\n" + log());
  }

  /** Every metric name Prometheus holds, sorted. */
  List<String> names() throws IOException, InterruptedException {
    String json = get("/api/v1/label/__name__/values");
    assertThat(json).startsWith("{\"status\":\"success\"");
    Matcher m = Pattern.compile("\"data\":\\[(.*)\\]").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Stream.of(m.group(1).split(",")).map(s -> s.replace("\"", "")).sorted().collect(Collectors.toList());
  }

  /** Fails, with the log, when Prometheus has exited. */
  void alive() {
    if (!process.isAlive()) {
      throw new AssertionError("Prometheus exited (" + process.exitValue() + ")\n" + log());
    }
  }

  /** Prometheus' own log, for failure messages. */
  String log() {
    try {
      return "--- prometheus.log ---\n" + Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no prometheus.log: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }
}
