package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import io.pixtrace.testing.otlp.ReceivedSpan.StatusCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cases every instrumented server must get right, in every mode (as the OpenTelemetry
 * instrumentation repository's {@code AbstractHttpServerTest}): each subclass starts one
 * host running {@link io.pixtrace.it.app.ImageApp} behind its server, in sync mode (the
 * handler thread writes the response) or async mode (another thread does, after the handler
 * returned), with the agent exporting to a loopback OTLP receiver. Each case sends requests
 * marked by a unique query ({@code m=...}) and checks the request's whole trace: the SERVER
 * span's name, status and duration, and its download, queue and processing children.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractServerIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  /** The response timeout the hosts run with ({@code IMGPROXY_OPEN_TELEMETRY_RESPONSE_TIMEOUT}). */
  static final long RESPONSE_TIMEOUT_MS = 1500;
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final AtomicInteger MARKS = new AtomicInteger();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private com.sun.net.httpserver.HttpServer origin;
  private OtlpReceiver otlp;
  private HostProcess host;
  private String url;

  /** The host's main class, its class path (beside the test classes) and the JVM options it needs. */
  abstract HostProcess startHost(Path java, Map<String, String> env, List<String> jvmArgs) throws Exception;

  /** {@code sync} or {@code async}. */
  abstract String mode();

  /** The {@code http.route} the server reports for a case: {@code /chain/}, {@code /chain/*}, ... */
  abstract String route(String kase);

  /** The JVM the host runs on (the build's JDK 25 unless a subclass says otherwise). */
  Path java() throws Exception {
    return HostProcess.currentJava();
  }

  /** The status the client sees when the handler throws ({@code -1}: the server closes the connection). */
  abstract int thrownStatus();

  /** The exception type the server's entry call throws when the handler throws {@code IllegalStateException("boom")}. */
  String thrownType() {
    return "java.lang.IllegalStateException";
  }

  /** Whether the {@code sync} case's work is handed to a thread pool (a {@code queue} span) by the framework. */
  boolean syncHandsOff() {
    return false;
  }

  @BeforeAll
  void startAll() throws Exception {
    byte[] jpeg = Files.readAllBytes(Path.of(System.getProperty("avatar.images"), "alice.jpg"));
    origin = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    origin.createContext("/", exchange -> {
      boolean found = exchange.getRequestURI().getPath().endsWith("/alice.jpg");
      byte[] body = found ? jpeg : new byte[0];
      exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    origin.start();
    otlp = OtlpReceiver.start();
    Map<String, String> env = new HashMap<>();
    env.put("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint());
    env.put("IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true");
    env.put("IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", "tracecontext,b3");
    env.put("IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS", "/health/*");
    env.put("IMGPROXY_OPEN_TELEMETRY_RESPONSE_TIMEOUT", RESPONSE_TIMEOUT_MS + "ms");
    env.put("IMGPROXY_OPEN_TELEMETRY_THROTTLE", "200ms");
    env.put("OTEL_METRIC_EXPORT_INTERVAL", "500");
    List<String> jvmArgs = List.of("-javaagent:" + HostProcess.agentJar(),
        "-Dimageapp.origin=http://127.0.0.1:" + origin.getAddress().getPort() + "/images/",
        "-Dimageapp.mode=" + mode());
    host = startHost(java(), env, jvmArgs);
    url = host.awaitStdout("(?:server|servlet)-host listening on (http://\\S+)", WAIT);
  }

  @AfterAll
  void stopAll() throws Exception {
    if (host != null) {
      host.close();
    }
    if (otlp != null) {
      otlp.close();
    }
    if (origin != null) {
      origin.stop(0);
    }
  }

  /** One request: its status ({@code -1} when the connection closed without one) and body. */
  record Answer(int status, String body) {}

  Answer get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(WAIT);
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    }
  }

  static String mark() {
    return "m=" + MARKS.incrementAndGet();
  }

  /** The SERVER span of the request with this marker query, once it and {@code children} more spans arrived. */
  List<ReceivedSpan> trace(String mark, int children) {
    ReceivedSpan server = otlp.awaitSpan(s -> s.kind() == Kind.SERVER && mark.equals(s.attribute("url.query")), WAIT);
    List<ReceivedSpan> trace = otlp.awaitSpans(
        spans -> spans.stream().filter(s -> s.traceId().equals(server.traceId())).count() >= 1 + children, WAIT);
    return trace.stream().filter(s -> s.traceId().equals(server.traceId())).toList();
  }

  static ReceivedSpan server(List<ReceivedSpan> trace) {
    return Spans.ofKind(trace, Kind.SERVER);
  }

  /** Every span of the trace but the SERVER span is its child and lies within it. */
  static void allUnder(List<ReceivedSpan> trace) {
    ReceivedSpan server = server(trace);
    for (ReceivedSpan s : trace) {
      if (s != server) {
        assertThat(s.parentSpanId()).as("%s is a child of the request span", s.name()).isEqualTo(server.spanId());
        assertThat(s.startEpochNanos()).as("%s starts within the request", s.name()).isGreaterThanOrEqualTo(server.startEpochNanos());
        assertThat(s.endEpochNanos()).as("%s ends within the request", s.name()).isLessThanOrEqualTo(server.endEpochNanos());
      }
    }
  }

  static List<String> names(List<ReceivedSpan> trace) {
    return trace.stream().map(ReceivedSpan::name).sorted().toList();
  }

  @Test
  void syncPipeline() throws Exception {
    String mark = mark();
    Answer a = get("/sync/alice.jpg?" + mark, Map.of());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).startsWith("thumbnail 32x");
    List<String> expected = new ArrayList<>(List.of("GET", "GET " + route("sync"), "processing_image"));
    if (syncHandsOff()) {
      expected.add("queue");
    }
    List<ReceivedSpan> trace = trace(mark, expected.size() - 1);
    ReceivedSpan server = server(trace);
    assertThat(server.name()).isEqualTo("GET " + route("sync"));
    assertThat(server.attributes()).containsEntry("http.response.status_code", 200L).containsEntry("http.route", route("sync"));
    assertThat(names(trace)).containsExactlyElementsOf(expected);
    allUnder(trace);
  }

  @Test
  void answeredLaterFromAnotherThread() throws Exception {
    String mark = mark();
    Answer a = get("/later/alice.jpg?" + mark, Map.of());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).startsWith("thumbnail 32x");
    List<ReceivedSpan> trace = trace(mark, 2);
    // A hop to a scheduled executor is a queue span only when the task waited (docs/telemetry.md).
    assertThat(names(trace).stream().filter(n -> !n.equals("queue")).toList())
        .as("the download and the pixels, on other threads").containsExactly("GET", "GET " + route("later"), "processing_image");
    allUnder(trace);
    ReceivedSpan server = server(trace);
    assertThat(server.attributes()).containsEntry("http.response.status_code", 200L);
    assertThat(server.statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server.durationNanos()).as("the request lasts until the answer").isGreaterThanOrEqualTo(100_000_000L);
    ReceivedMetric duration = otlp.awaitMetric("http.server.request.duration",
        m -> route("later").equals(m.attribute("http.route")) && m.count() >= 1, WAIT);
    assertThat(duration.attributes()).containsEntry("http.response.status_code", 200L);
    assertThat(duration.sum()).as("seconds, the real duration").isGreaterThanOrEqualTo(0.1);
  }

  @Test
  void completableFutureChainWithSendAsyncAndPoolHop() throws Exception {
    String mark = mark();
    Answer a = get("/chain/alice.jpg?" + mark, Map.of());
    assertThat(a.status()).isEqualTo(200);
    List<ReceivedSpan> trace = trace(mark, 3);
    assertThat(names(trace)).containsExactly("GET", "GET " + route("chain"), "processing_image", "queue");
    allUnder(trace);
    ReceivedSpan server = server(trace);
    assertThat(server.attributes()).containsEntry("http.response.status_code", 200L);
    ReceivedSpan download = Spans.ofKind(trace, Kind.CLIENT);
    ReceivedSpan queue = Spans.named(trace, "queue");
    ReceivedSpan processing = Spans.named(trace, "processing_image");
    assertThat(download.attributes()).containsEntry("http.response.status_code", 200L);
    assertThat(queue.attributes()).containsEntry("pixtrace.queue.executor", "java.util.concurrent.ThreadPoolExecutor");
    assertThat(queue.startEpochNanos()).as("the hop follows the download").isGreaterThanOrEqualTo(download.startEpochNanos());
    assertThat(processing.startEpochNanos()).as("the pixels follow the hop").isGreaterThanOrEqualTo(queue.endEpochNanos());
  }

  @Test
  void originNotFoundAnswers404() throws Exception {
    String mark = mark();
    assertThat(get("/chain/missing.jpg?" + mark, Map.of()).status()).isEqualTo(404);
    List<ReceivedSpan> trace = trace(mark, 1);
    ReceivedSpan server = server(trace);
    assertThat(server.attributes()).containsEntry("http.response.status_code", 404L).doesNotContainKey("error.type");
    assertThat(server.statusCode()).as("4xx is not a server error").isEqualTo(StatusCode.UNSET);
    assertThat(Spans.ofKind(trace, Kind.CLIENT).attributes()).containsEntry("http.response.status_code", 404L);
    allUnder(trace);
  }

  @Test
  void serverError500() throws Exception {
    String mark = mark();
    assertThat(get("/error/x?" + mark, Map.of())).isEqualTo(new Answer(500, "error"));
    ReceivedSpan server = server(trace(mark, 0));
    assertThat(server.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.attributes()).containsEntry("http.response.status_code", 500L).containsEntry("error.type", "500");
  }

  @Test
  void thrownException() throws Exception {
    String mark = mark();
    assertThat(get("/throw/x?" + mark, Map.of()).status()).isEqualTo(thrownStatus());
    ReceivedSpan server = server(trace(mark, 0));
    assertThat(server.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.attributes()).containsEntry("error.type", thrownType());
    assertThat(String.valueOf(server.event("exception").orElseThrow().attributes().get("exception.message"))).contains("boom");
  }

  @Test
  void queueFullAnswers503() throws Exception {
    String mark = mark();
    assertThat(get("/full/x?" + mark, Map.of())).isEqualTo(new Answer(503, "busy"));
    List<ReceivedSpan> trace = trace(mark, 1);
    ReceivedSpan queue = Spans.named(trace, "queue");
    assertThat(queue.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(queue.attributes()).containsEntry("error.type", "queue");
    assertThat(server(trace).attributes()).containsEntry("http.response.status_code", 503L).containsEntry("error.type", "queue");
    allUnder(trace);
  }

  @Test
  void traceparentAndB3Join() throws Exception {
    String w3c = mark();
    get("/chain/alice.jpg?" + w3c, Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01"));
    String b3 = mark();
    String b3Trace = "a" + TRACE_ID.substring(1);
    get("/chain/alice.jpg?" + b3, Map.of("b3", b3Trace + "-" + PARENT_ID + "-1"));
    for (Map.Entry<String, String> e : Map.of(w3c, TRACE_ID, b3, b3Trace).entrySet()) {
      List<ReceivedSpan> trace = trace(e.getKey(), 3);
      ReceivedSpan server = server(trace);
      assertThat(server.traceId()).isEqualTo(e.getValue());
      assertThat(server.parentSpanId()).isEqualTo(PARENT_ID);
      assertThat(trace).hasSize(4);
      allUnder(trace);
    }
  }

  @Test
  void skippedPathsMakeNoSpan() throws Exception {
    String mark = mark();
    assertThat(get("/health/live?" + mark, Map.of())).isEqualTo(new Answer(200, "ok"));
    String after = mark();
    get("/error/x?" + after, Map.of());
    trace(after, 0); // exported after the skipped one would have been
    assertThat(otlp.spans()).noneMatch(s -> mark.equals(s.attribute("url.query")));
  }

  @Test
  void fiftyConcurrentRequestsEachGetTheirOwnCompleteTrace() throws Exception {
    List<String> marks = IntStream.range(0, 50).mapToObj(i -> mark()).toList();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (String m : marks) {
      answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url + "/chain/alice.jpg?" + m)).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> a : answers) {
      assertThat(a.get().statusCode()).isEqualTo(200);
    }
    Map<String, String> traceOfMark = new HashMap<>();
    for (String m : marks) {
      List<ReceivedSpan> trace = trace(m, 3);
      assertThat(names(trace)).as("trace of %s", m).containsExactly("GET", "GET " + route("chain"), "processing_image", "queue");
      allUnder(trace);
      traceOfMark.put(m, server(trace).traceId());
    }
    assertThat(traceOfMark.values().stream().collect(Collectors.toSet())).as("50 separate traces").hasSize(50);
  }

  /**
   * The client keeps its connection open and waits: the host never answers, so the request
   * ends after the response timeout, marked incomplete, with the real duration.
   */
  @Test
  void aResponseNeverCompletedEndsAfterTheTimeout() throws Exception {
    String mark = mark();
    URI base = URI.create(url);
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.getOutputStream().write(("GET /never/x?" + mark + " HTTP/1.1\r\nHost: " + base.getAuthority()
          + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      ReceivedSpan server = server(trace(mark, 0));
      assertThat(server.statusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(server.attributes()).containsEntry("pixtrace.response.incomplete", true).containsEntry("error.type", "timeout");
      assertThat(server.durationNanos() / 1_000_000).as("ended by the response timeout, in ms")
          .isBetween(RESPONSE_TIMEOUT_MS, RESPONSE_TIMEOUT_MS + 5_000);
    }
  }
}
