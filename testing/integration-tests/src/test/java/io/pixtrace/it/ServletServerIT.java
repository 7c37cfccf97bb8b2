package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import io.pixtrace.testing.otlp.ReceivedSpan.StatusCode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every servlet container must produce, as the telemetry contract's request stage says:
 * one SERVER span per request named by the servlet mapping, whatever filters run in front;
 * async requests end when their async work does; a throwing servlet gives a 500 and an error
 * span; imgproxy's request metrics agree; the responses are the same without the agent. Each
 * subclass says which container (host class, class path, JDK) to start.
 */
abstract class ServletServerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The host's main class. */
  abstract Class<?> hostClass();

  /** Its argument: the servlet API of the web application, {@code jakarta} or {@code javax}. */
  abstract String api();

  /** The container's jars (the host classes are added). */
  abstract List<String> containerClassPath();

  /** The {@code java} to run the host with. */
  Path java() {
    return HostProcess.currentJava();
  }

  /** Whether the API reports exact mappings ({@code /boom}): Servlet 4+ does, Servlet 3 does not. */
  boolean knowsExactMappings() {
    return true;
  }

  /** The containers' jars copied by the build to {@code target/containers/<name>}. */
  static List<String> copiedJars(String name) {
    Path dir = Path.of(System.getProperty("containers.dir", "target/containers"), name);
    try (Stream<Path> jars = Files.list(dir)) {
      return jars.map(p -> p.toAbsolutePath().toString()).filter(p -> p.endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " jars not copied to " + dir + " (run mvn test on this module)", e);
    }
  }

  /** Name fragment of the container's web application class loader. */
  abstract String webappLoader();

  /**
   * The container's request thread pool as its saturation gauges name it: the pool's class
   * ({@code jvm.executor.type}), a pattern of its {@code jvm.executor.name}, and its default
   * maximum threads (200 for both Tomcat and Jetty).
   */
  record RequestPool(String type, String name, long limit) {}

  /** This container's {@link RequestPool}. */
  abstract RequestPool requestPool();

  static final RequestPool TOMCAT_POOL =
      new RequestPool("org.apache.tomcat.util.threads.ThreadPoolExecutor", "http-nio-\\S+-exec-\\*", 200);
  static final RequestPool JETTY_POOL =
      new RequestPool("org.eclipse.jetty.util.thread.QueuedThreadPool", "qtp-?\\d+", 200);

  /** Entries of this JVM's class path (the test dependencies) that {@code keep} accepts. */
  static List<String> testClassPath(Predicate<String> keep) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(keep).toList();
  }

  private HostProcess start(boolean agent, OtlpReceiver otlp) throws Exception {
    Path classes = Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath();
    List<String> cp = new ArrayList<>();
    cp.add(classes.toString());
    cp.addAll(containerClassPath());
    // The host lays out its web application and the container's work files there, under target/.
    Path tmp = Files.createDirectories(classes.resolveSibling("servlet-hosts"));
    List<String> args = new ArrayList<>(List.of("-Djava.io.tmpdir=" + tmp));
    Map<String, String> env = new HashMap<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
      env.put("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint());
      env.put("IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true");
      env.put("OTEL_METRIC_EXPORT_INTERVAL", "300");
    }
    args.addAll(List.of("-cp", String.join(File.pathSeparator, cp), hostClass().getName(), api()));
    return HostProcess.start(java(), env, args);
  }

  /** Status, content type, filter stamp and body: what must not change with the agent. */
  private static String get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT);
    headers.forEach(b::header);
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("-") + " "
        + r.headers().firstValue("X-Stamp").orElse("-") + "\n" + r.body();
  }

  @Test
  void serverSpansMetricsAndUnchangedResponses() throws Exception {
    Map<String, Map<String, String>> requests = new LinkedHashMap<>();
    requests.put("/thumb/a.jpg?w=64", Map.of());
    requests.put("/thumb/b.jpg", Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01"));
    requests.put("/thumb/missing", Map.of());
    requests.put("/async/x", Map.of());
    requests.put("/async/stuck?ms=never", Map.of());
    requests.put("/boom", Map.of());
    requests.put("/plain/p.jpg", Map.of());
    try (OtlpReceiver otlp = OtlpReceiver.start();
        HostProcess agentHost = start(true, otlp);
        HostProcess plain = start(false, otlp)) {
      String url = agentHost.awaitStdout("servlet-host listening on (\\S+)", WAIT);
      String plainUrl = plain.awaitStdout("servlet-host listening on (\\S+)", WAIT);
      Map<String, String> answers = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, String>> r : requests.entrySet()) {
        String answer = get(url + r.getKey(), r.getValue());
        answers.put(r.getKey(), answer);
        assertThat(answer).as("%s with and without the agent", r.getKey())
            .isEqualTo(get(plainUrl + r.getKey(), r.getValue()).replace(plainUrl, url));
      }
      assertThat(answers.get("/thumb/a.jpg?w=64"))
          .startsWith("200 text/plain").contains(" filtered\nthumb /a.jpg w=64 loader=").contains(webappLoader());
      assertThat(answers.get("/thumb/missing")).startsWith("404 ");
      assertThat(answers.get("/async/x")).startsWith("200 text/plain").endsWith("async done after 300 ms");
      assertThat(answers.get("/async/stuck?ms=never")).startsWith("500 ");
      assertThat(answers.get("/boom")).startsWith("500 ");
      assertThat(answers.get("/plain/p.jpg")).startsWith("200 text/plain").contains(" -\nthumb /p.jpg");
      int traced = requests.size();

      otlp.awaitSpans(spans -> servers(spans).size() >= traced, WAIT);
      agentHost.flush(); // a second SERVER span for any request would have been exported by its exit
      List<ReceivedSpan> servers = servers(otlp.spans());
      assertThat(servers).as(otlp.dumpSpans()).hasSize(traced);
      assertThat(otlp.spans()).as("only SERVER spans: a filter in front adds none").hasSize(traced);

      int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
      ReceivedSpan thumb = server(servers, "/thumb/a.jpg");
      assertThat(thumb.name()).isEqualTo("GET /thumb/*");
      assertThat(thumb.isRoot()).isTrue();
      assertThat(thumb.statusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(thumb.attributes())
          .containsEntry("http.request.method", "GET")
          .containsEntry("http.route", "/thumb/*")
          .containsEntry("url.path", "/thumb/a.jpg")
          .containsEntry("url.query", "w=64")
          .containsEntry("url.scheme", "http")
          .containsEntry("server.address", "127.0.0.1")
          .containsEntry("server.port", (long) port)
          .containsEntry("client.address", "127.0.0.1")
          .containsEntry("network.protocol.version", "1.1")
          .containsEntry("http.response.status_code", 200L)
          .containsKey("user_agent.original")
          .doesNotContainKey("error.type");

      assertThat(server(servers, "/plain/p.jpg").attributes()).as("a request no filter is mapped to")
          .containsEntry("http.route", "/plain/*").containsEntry("http.response.status_code", 200L);

      ReceivedSpan propagated = server(servers, "/thumb/b.jpg");
      assertThat(propagated.traceId()).isEqualTo(TRACE_ID);
      assertThat(propagated.parentSpanId()).isEqualTo(PARENT_ID);

      ReceivedSpan missing = server(servers, "/thumb/missing");
      assertThat(missing.attributes()).containsEntry("http.response.status_code", 404L).doesNotContainKey("error.type");
      assertThat(missing.statusCode()).as("4xx is not an error").isEqualTo(StatusCode.UNSET);

      ReceivedSpan async = server(servers, "/async/x");
      assertThat(async.name()).isEqualTo("GET /async/*");
      assertThat(async.attributes()).containsEntry("http.response.status_code", 200L);
      assertThat(async.durationNanos()).as("ends after the async work").isGreaterThanOrEqualTo(300_000_000L);

      ReceivedSpan stuck = server(servers, "/async/stuck");
      assertThat(stuck.durationNanos()).as("ends after the async timeout").isGreaterThanOrEqualTo(200_000_000L);
      assertThat(stuck.statusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(stuck.attributes()).containsEntry("http.response.status_code", 500L)
          .containsEntry("error.type", "java.util.concurrent.TimeoutException");

      ReceivedSpan boom = server(servers, "/boom");
      assertThat(boom.name()).isEqualTo(knowsExactMappings() ? "GET /boom" : "GET");
      assertThat(boom.attribute("http.route")).isEqualTo(knowsExactMappings() ? "/boom" : null);
      assertThat(boom.statusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(boom.statusMessage()).isEqualTo("boom");
      assertThat(boom.attributes()).containsEntry("http.response.status_code", 500L)
          .containsEntry("error.type", "java.lang.IllegalStateException");
      assertThat(boom.event("exception").orElseThrow().attributes())
          .containsEntry("exception.type", "java.lang.IllegalStateException")
          .containsEntry("exception.message", "boom");

      awaitLong(otlp, "requests_total", Map.of(), traced);
      awaitLong(otlp, "status_codes_total", Map.of("status", "200"), traced - 3);
      awaitLong(otlp, "status_codes_total", Map.of("status", "404"), 1);
      awaitLong(otlp, "status_codes_total", Map.of("status", "500"), 2);
      awaitLong(otlp, "requests_in_progress", Map.of(), 0);
      awaitLong(otlp, "errors_total", Map.of("type", "timeout"), 1);
      otlp.awaitMetric("request_duration_seconds", m -> m.count() == traced, WAIT);
      otlp.awaitMetric("http.server.request.duration", m -> matches(m, Map.of("http.route", "/thumb/*",
          "http.response.status_code", 200L, "http.request.method", "GET")) && m.count() == 2, WAIT);
      otlp.awaitMetric("http.server.request.duration", m -> matches(m, Map.of("error.type", "java.lang.IllegalStateException"))
          && Objects.equals(m.attributes().get("http.route"), knowsExactMappings() ? "/boom" : null) && m.count() == 1, WAIT);
      // The container's request threads as saturation gauges, under the pool's own name.
      RequestPool pool = requestPool();
      Predicate<ReceivedMetric> ofPool = m -> pool.type().equals(m.attributes().get("jvm.executor.type"))
          && String.valueOf(m.attributes().get("jvm.executor.name")).matches(pool.name());
      ReceivedMetric limit = otlp.awaitMetric("jvm.executor.thread.limit", ofPool, WAIT);
      assertThat(limit.longValue()).isEqualTo(pool.limit());
      assertThat(limit.unit()).isEqualTo("{thread}");
      ReceivedMetric busy = otlp.awaitMetric("jvm.executor.thread.count",
          m -> ofPool.test(m) && "active".equals(m.attributes().get("jvm.executor.thread.state")), WAIT);
      ReceivedMetric idle = otlp.awaitMetric("jvm.executor.thread.count", m -> ofPool.test(m)
          && "idle".equals(m.attributes().get("jvm.executor.thread.state")) && m.exportSequence() == busy.exportSequence(), WAIT);
      assertThat(busy.longValue() + idle.longValue()).as("threads of the pool").isBetween(1L, pool.limit());
      otlp.awaitMetric("jvm.executor.queue.size", ofPool, WAIT);
      assertThat(String.join("\n", agentHost.stderr())).doesNotContain("could not");
    }
  }

  private static List<ReceivedSpan> servers(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> s.kind() == Kind.SERVER).toList();
  }

  private static ReceivedSpan server(List<ReceivedSpan> servers, String path) {
    return Spans.one(servers, s -> path.equals(s.attributes().get("url.path")), path);
  }

  private static void awaitLong(OtlpReceiver otlp, String name, Map<String, ?> attrs, long expected) {
    otlp.awaitMetric(name, m -> matches(m, attrs) && m.longValue() == expected, WAIT);
  }

  private static boolean matches(ReceivedMetric m, Map<String, ?> attrs) {
    return attrs.entrySet().stream().allMatch(e -> Objects.equals(m.attributes().get(e.getKey()), e.getValue()));
  }
}
