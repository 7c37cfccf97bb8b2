package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client suite: the same cases for every instrumented HTTP client ({@code java.net.http}
 * send and sendAsync, Spring's {@code WebClient}, {@code HttpURLConnection}, Apache HttpClient 5 classic and async, OkHttp
 * 4 execute and enqueue), in real JVMs: one host with the agent and
 * {@code PROPAGATE_EXTERNAL=true}, one with the agent and propagation off, one without the
 * agent. Cases: 200, 404, connection refused, read timeout, a followed redirect, propagation
 * on and off. Every client must give exactly one CLIENT span per download, child of the SERVER
 * span, with the same attributes and error rules, and the host's responses must not change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpClientsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OtlpReceiver otlp;
  private OtlpReceiver otlpQuiet;
  private TestOrigin origin;
  private HostProcess traced;
  private HostProcess quiet;
  private HostProcess plain;

  private RefusedPort refused;
  private int closedPort;

  /** The JVM the hosts run on (the build's JDK 25 unless a subclass says otherwise). */
  java.nio.file.Path java() throws Exception {
    return HostProcess.currentJava();
  }

  @BeforeAll
  void start() throws Exception {
    refused = new RefusedPort();
    closedPort = refused.port();
    otlp = OtlpReceiver.start();
    otlpQuiet = OtlpReceiver.start();
    origin = new TestOrigin();
    traced = start(true, Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
        "IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL", "true"));
    quiet = start(true, Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlpQuiet.grpcEndpoint()));
    plain = start(false, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {traced, quiet, plain, origin, otlp, otlpQuiet, refused}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private HostProcess start(boolean agent, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpClientsHost.class.getName(), origin.url(),
        Integer.toString(closedPort)));
    Map<String, String> e = new HashMap<>(env);
    e.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    return HostProcess.start(java(), e, args);
  }

  private static HttpResponse<byte[]> get(HostProcess host, String path) throws Exception {
    String base = host.awaitStdout("clients-host listening on (\\S+)", WAIT);
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The trace of {@code path} on {@code host}: its SERVER span and its only CLIENT span (no duplicates). */
  private static List<ReceivedSpan> trace(HostProcess host, OtlpReceiver receiver, String path) throws Exception {
    receiver.awaitSpans(Spans.traceComplete(path, 2), WAIT);
    Spans.marker(receiver, "/ping/", p -> get(host, p), WAIT); // a duplicate would have arrived before it
    List<ReceivedSpan> spans = Spans.traceOf(receiver.spans(), path);
    assertThat(spans).as("spans of %s", path).hasSize(2);
    return spans;
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-async", "webclient", "url", "openstream", "apache", "apache-async", "apache-future", "okhttp", "okhttp-async"})
  void downloadIsOneClientSpanWithTraceHeaders(String client) throws Exception {
    String path = "/dl/" + client + "/" + TestOrigin.ALICE;
    int before = origin.received().size();
    HttpResponse<byte[]> response = get(traced, path);
    HttpResponse<byte[]> untraced = get(plain, path);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(untraced.body()).hasSizeGreaterThan(1000);

    List<ReceivedSpan> spans = trace(traced, otlp, path);
    ReceivedSpan server = Spans.ofKind(spans, ReceivedSpan.Kind.SERVER);
    ReceivedSpan download = Spans.ofKind(spans, ReceivedSpan.Kind.CLIENT);
    Spans.nested(download, server);
    assertThat(download.name()).isEqualTo("GET");
    assertThat(download.statusCode()).isNotEqualTo(ReceivedSpan.StatusCode.ERROR);
    int port = URI.create(origin.url()).getPort();
    assertThat(download.attributes()).containsEntry("http.request.method", "GET")
        .containsEntry("url.full", origin.url() + "/" + TestOrigin.ALICE)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) port)
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("http.response.body.size", (long) response.body().length)
        .doesNotContainKey("error.type");

    // The traced host's download carried the CLIENT span as parent; the untraced one nothing.
    List<Map<String, String>> received = origin.received().subList(before, origin.received().size());
    assertThat(received).hasSize(2);
    assertThat(received.get(0).get("traceparent")).as("traceparent sent by %s", client)
        .startsWith("00-" + download.traceId() + "-" + download.spanId() + "-");
    assertThat(received.get(1)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-async", "webclient", "url", "openstream", "apache", "apache-async", "apache-future", "okhttp", "okhttp-async"})
  void notFoundIsADownloadError(String client) throws Exception {
    String path = "/dl/" + client + "/" + TestOrigin.NOBODY;
    HttpResponse<byte[]> response = get(traced, path);
    HttpResponse<byte[]> untraced = get(plain, path);
    assertThat(response.statusCode()).isEqualTo(404).isEqualTo(untraced.statusCode());
    assertThat(response.body()).isEqualTo(untraced.body());

    ReceivedSpan download = Spans.ofKind(trace(traced, otlp, path), ReceivedSpan.Kind.CLIENT);
    assertThat(download.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(download.statusMessage()).isEqualTo("GET responded 404");
    assertThat(download.attributes()).containsEntry("http.response.status_code", 404L)
        .containsEntry("error.type", "download");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-async", "webclient", "url", "apache", "apache-async", "okhttp", "okhttp-async"})
  void noTraceHeadersUnlessAsked(String client) throws Exception {
    String path = "/dl/" + client + "/" + TestOrigin.BOB;
    int before = origin.received().size();
    assertThat(get(quiet, path).statusCode()).isEqualTo(200);
    Spans.ofKind(trace(quiet, otlpQuiet, path), ReceivedSpan.Kind.CLIENT);
    List<Map<String, String>> received = origin.received().subList(before, origin.received().size());
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-async", "webclient", "url", "openstream", "apache", "apache-async", "apache-future", "okhttp", "okhttp-async"})
  void connectionRefusedIsAFailedDownload(String client) throws Exception {
    String path = "/dl/" + client + "/refused";
    HttpResponse<byte[]> response = get(traced, path);
    assertThat(response.statusCode()).isEqualTo(502).isEqualTo(get(plain, path).statusCode());
    assertThat(new String(response.body())).isEqualTo(new String(get(plain, path).body()));
    ReceivedSpan download = Spans.ofKind(trace(traced, otlp, path), ReceivedSpan.Kind.CLIENT);
    assertThat(download.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(download.attributes()).containsEntry("error.type", "download")
        .containsEntry("url.full", "http://127.0.0.1:" + closedPort + "/refused")
        .doesNotContainKey("http.response.status_code");
    assertThat(String.valueOf(download.event("exception").orElseThrow().attributes().get("exception.type")))
        .endsWith("ConnectException");
  }

  /** {@code URL.openStream} has no timeout to set. */
  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-async", "webclient", "url", "apache", "apache-async", "apache-future", "okhttp", "okhttp-async"})
  void readTimeoutIsATimeout(String client) throws Exception {
    String path = "/dl/" + client + "/slow/" + TestOrigin.ALICE;
    HttpResponse<byte[]> response = get(traced, path);
    assertThat(response.statusCode()).isEqualTo(502);
    ReceivedSpan download = Spans.ofKind(trace(traced, otlp, path), ReceivedSpan.Kind.CLIENT);
    assertThat(download.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(download.attributes()).containsEntry("error.type", "timeout");
    assertThat(download.durationNanos()).as("gave up after the 500 ms read timeout").isBetween(400_000_000L, 1_900_000_000L);
  }

  /**
   * A redirect the client follows itself is one CLIENT span for the call: the requested URL,
   * the final status and body.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-async", "webclient", "url", "openstream", "apache", "apache-async", "apache-future", "okhttp", "okhttp-async"})
  void followedRedirectIsOneDownload(String client) throws Exception {
    String path = "/dl/" + client + "/redirect/" + TestOrigin.CAROL;
    HttpResponse<byte[]> response = get(traced, path);
    // A 502 names the host's exception; its stack trace is on the host's stderr.
    assertThat(response.statusCode()).as("%s\n%s", new String(response.body(), java.nio.charset.StandardCharsets.UTF_8),
        traced.output()).isEqualTo(200);
    // Against the origin's bytes, not the plain host's answer: JDK 17's HttpClient without the
    // agent sometimes fails the followed redirect in sendAsync (an ExecutionException, seen twice
    // in the suite), which says nothing about the agent.
    assertThat(response.body()).isEqualTo(origin.image(TestOrigin.CAROL)).hasSizeGreaterThan(1000);
    ReceivedSpan download = Spans.ofKind(trace(traced, otlp, path), ReceivedSpan.Kind.CLIENT);
    assertThat(download.statusCode()).isNotEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(download.attributes()).containsEntry("http.response.status_code", 200L)
        .containsEntry("url.full", origin.url() + "/redirect/" + TestOrigin.CAROL);
  }
}
