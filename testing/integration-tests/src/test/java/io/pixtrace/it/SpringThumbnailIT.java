package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import io.pixtrace.testing.otlp.ReceivedSpan.StatusCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import java.util.Objects;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spring Boot example ({@code examples/thumbnail-spring}: executable jar, nested-jar class
 * loader, Spring MVC on embedded Tomcat 11, {@code RestClient} over the JDK {@code HttpClient}
 * and {@code HttpURLConnection} factories, Thumbnailator over ImageIO) started as a user
 * starts it: {@code java -javaagent:pixtrace-agent.jar -jar thumbnail-spring.jar}. Three JVMs,
 * each started once: with the agent on JDK 17 ({@code PROPAGATE_EXTERNAL=true}, host logs
 * exported: Spring Boot's Logback from the nested jars), with the
 * agent on JDK 25 (propagation off, the default), and without the agent on JDK 17, whose
 * answers every traced answer must equal byte for byte (Java2D and the ImageIO codecs give the
 * same bytes on 17 and 25, so the JDK 25 host is held to the same answers).
 *
 * <p>Each traced host gets the same seven requests, and its trace trees (contract §2: SERVER
 * named by Spring MVC's pattern → CLIENT download → {@code processing_image}), error rules,
 * trace headers at the origin and metrics (contract §3) must agree with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringThumbnailIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String ROUTE = "/thumbnail/{size}";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestOrigin origin;
  private RefusedPort refusing;
  private int closedPort;
  private final Map<Integer, OtlpReceiver> receivers = new HashMap<>();
  private final Map<Integer, HostProcess> traced = new HashMap<>();
  private HostProcess plain;
  private final Map<HostProcess, String> urls = new HashMap<>();

  @BeforeAll
  void start() throws Exception {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(jar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .as("a repackaged jar, started by Spring Boot's launcher and nested-jar class loader")
          .isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
      assertThat(jar.getEntry("BOOT-INF/lib/thumbnailator-0.4.21.jar")).isNotNull();
    }
    origin = new TestOrigin();
    refusing = new RefusedPort();
    closedPort = refusing.port();
    receivers.put(17, OtlpReceiver.start());
    receivers.put(25, OtlpReceiver.start());
    // All three start at once: Spring Boot's start-up is the slow part of this test.
    traced.put(17, start(HostProcess.java17(), receivers.get(17), Map.of("IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL", "true",
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS", "true")));
    traced.put(25, start(HostProcess.currentJava(), receivers.get(25), Map.of()));
    plain = start(HostProcess.java17(), null, Map.of());
    for (HostProcess host : List.of(traced.get(17), traced.get(25), plain)) {
      urls.put(host, host.awaitStdout("thumbnail-spring listening on (\\S+)", Duration.ofSeconds(90)));
    }
  }

  @AfterAll
  void stop() throws Exception {
    List<AutoCloseable> all = new ArrayList<>(traced.values());
    all.add(plain);
    all.add(origin);
    all.addAll(receivers.values());
    all.add(refusing);
    for (AutoCloseable c : all) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The repackaged jar built by {@code examples/thumbnail-spring}. */
  private static Path jar() {
    Path p = Path.of(System.getProperty("thumbnail.spring.jar", "../../examples/thumbnail-spring/target/thumbnail-spring.jar"));
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("thumbnail-spring jar not built: " + p.toAbsolutePath() + " (run mvn package first)");
    }
    return p.toAbsolutePath().normalize();
  }

  /** {@code java [-javaagent:...] -jar thumbnail-spring.jar} on a free port; {@code otlp} null: no agent. */
  private static HostProcess start(Path java, OtlpReceiver otlp, Map<String, String> extraEnv) throws Exception {
    List<String> args = new ArrayList<>();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("SERVER_PORT", "0");
    if (otlp != null) {
      args.add("-javaagent:" + HostProcess.agentJar());
      env.put("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint());
      env.put("IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true");
      env.put("OTEL_METRIC_EXPORT_INTERVAL", "300");
      env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    }
    args.addAll(List.of("-jar", jar().toString()));
    return HostProcess.start(java, env, args);
  }

  /** What must not change with the agent: status, content type, caching and the bytes. */
  private record Answer(int status, String contentType, String cacheControl, byte[] body) {
    void assertSameAs(Answer other, String what) {
      assertThat(status).as("status of %s", what).isEqualTo(other.status);
      assertThat(contentType).as("Content-Type of %s", what).isEqualTo(other.contentType);
      assertThat(cacheControl).as("Cache-Control of %s", what).isEqualTo(other.cacheControl);
      assertThat(body).as("body of %s", what).isEqualTo(other.body);
    }

    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private Answer get(HostProcess host, String pathAndQuery, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(urls.get(host) + pathAndQuery)).timeout(WAIT);
    headers.forEach(b::header);
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse("-"),
        r.headers().firstValue("Cache-Control").orElse("-"), r.body());
  }

  /** One request made to a traced host and to the plain one; what the origin saw of each. */
  private record Exchange(Answer answer, List<Map<String, String>> originSaw) {}

  private Exchange request(HostProcess host, String query, Map<String, String> headers) throws Exception {
    int before = origin.received().size();
    Answer answer = get(host, query, headers);
    List<Map<String, String>> saw = origin.received().subList(before, origin.received().size());
    Answer untraced = get(plain, query, headers);
    answer.assertSameAs(untraced, query + " with and without the agent");
    return new Exchange(answer, List.copyOf(saw));
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void thumbnailTracesMetricsAndUnchangedAnswers(int java) throws Exception {
    HostProcess host = traced.get(java);
    OtlpReceiver otlp = receivers.get(java);
    boolean propagates = java == 17;
    String o = origin.url();

    // 1. JDK HttpClient factory, PNG: the whole tree.
    String aliceQuery = "url=" + o + "/" + TestOrigin.ALICE;
    Exchange alice = request(host, "/thumbnail/64?" + aliceQuery, Map.of());
    assertThat(alice.answer.status).isEqualTo(200);
    assertThat(alice.answer.contentType).isEqualTo("image/png");
    BufferedImage aliceImage = ImageIO.read(new ByteArrayInputStream(alice.answer.body));
    assertThat(aliceImage.getWidth()).isEqualTo(64);
    assertThat(aliceImage.getHeight()).isEqualTo(64);

    // 2. HttpURLConnection factory, JPEG, with an incoming W3C parent.
    String bobQuery = "url=" + o + "/" + TestOrigin.BOB + "&format=jpg&client=url";
    Exchange bob = request(host, "/thumbnail/100x50?" + bobQuery,
        Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01"));
    assertThat(bob.answer.status).isEqualTo(200);
    assertThat(bob.answer.contentType).isEqualTo("image/jpeg");

    // 3. A WebP source: ImageIO has no reader for it → 422, the processing span fails.
    String carolQuery = "url=" + o + "/" + TestOrigin.CAROL;
    Exchange carol = request(host, "/thumbnail/64?" + carolQuery, Map.of());
    assertThat(carol.answer.status).isEqualTo(422);
    assertThat(carol.answer.text()).isEqualTo("source is not an image ImageIO can decode\n");

    // 4. The origin answers 404 (HttpURLConnection) → 404, the download fails.
    String nobodyQuery = "url=" + o + "/" + TestOrigin.NOBODY + "&client=url";
    Exchange nobody = request(host, "/thumbnail/64?" + nobodyQuery, Map.of());
    assertThat(nobody.answer.status).isEqualTo(404);

    // 5. Nothing listens at the origin's address → 502.
    String refusedQuery = "url=http://127.0.0.1:" + closedPort + "/x.jpg";
    Exchange refused = request(host, "/thumbnail/64?" + refusedQuery, Map.of());
    assertThat(refused.answer.status).isEqualTo(502);
    assertThat(refused.answer.text()).isEqualTo("origin unreachable\n");

    // 6. A bad size → 400 before any download.
    String badQuery = "url=" + o + "/" + TestOrigin.ALICE;
    Exchange bad = request(host, "/thumbnail/huge?" + badQuery, Map.of());
    assertThat(bad.answer.status).isEqualTo(400);
    assertThat(bad.originSaw).isEmpty();

    // 7. No controller: Spring Boot's static resource handler answers 404.
    Exchange unknown = request(host, "/no/such/page", Map.of());
    assertThat(unknown.answer.status).isEqualTo(404);
    assertThat(unknown.answer.text()).isEqualTo("not found\n");
    int requests = 7;

    otlp.awaitSpans(spans -> spans.stream().filter(s -> s.kind() == Kind.SERVER).count() >= requests
        && spans.stream().filter(s -> s.name().equals("processing_image")).count() >= 3, WAIT);
    host.flush(); // a duplicate span would have been exported by its exit
    List<ReceivedSpan> spans = otlp.spans();
    assertThat(spans.stream().filter(s -> s.kind() == Kind.SERVER)).as(otlp.dumpSpans()).hasSize(requests);
    assertThat(spans).as("SERVER + CLIENT + processing_image spans, nothing else").hasSize(requests + 5 + 3);

    int originPort = URI.create(o).getPort();
    int hostPort = URI.create(urls.get(host)).getPort();

    // 1: SERVER "GET /thumbnail/{size}" → CLIENT "GET" → processing_image, in that order.
    List<ReceivedSpan> t1 = trace(spans, aliceQuery, "/thumbnail/64", 3);
    ReceivedSpan server1 = Spans.ofKind(t1, Kind.SERVER);
    ReceivedSpan client1 = Spans.ofKind(t1, Kind.CLIENT);
    ReceivedSpan processing1 = Spans.named(t1, "processing_image");
    assertThat(server1.name()).isEqualTo("GET " + ROUTE);
    assertThat(server1.isRoot()).isTrue();
    assertThat(server1.statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server1.attributes())
        .containsEntry("http.route", ROUTE)
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/thumbnail/64")
        .containsEntry("url.scheme", "http")
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) hostPort)
        .containsEntry("client.address", "127.0.0.1")
        .containsEntry("http.response.status_code", 200L)
        .doesNotContainKey("error.type");
    Spans.nested(client1, server1);
    Spans.nested(processing1, server1);
    assertThat(processing1.startEpochNanos()).as("processing starts after the download").isGreaterThanOrEqualTo(client1.endEpochNanos());
    assertThat(client1.name()).isEqualTo("GET");
    assertThat(client1.statusCode()).isEqualTo(StatusCode.UNSET);
    byte[] aliceSource = Files.readAllBytes(Path.of(System.getProperty("avatar.images",
        "../../examples/avatar-service/src/main/resources/images"), "alice.jpg"));
    assertThat(client1.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.full", o + "/" + TestOrigin.ALICE)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) originPort)
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("http.response.body.size", (long) aliceSource.length)
        .doesNotContainKey("error.type");
    assertThat(processing1.kind()).isEqualTo(Kind.INTERNAL);
    assertThat(processing1.statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(processing1.attributes())
        .containsEntry("image.output.format", "png")
        .containsEntry("image.output.width", 64L)
        .containsEntry("image.output.height", 64L)
        .containsEntry("image.output.size", (long) alice.answer.body.length);

    // Propagation to the origin: only when asked for, and then naming the CLIENT span.
    assertThat(alice.originSaw).hasSize(1);
    if (propagates) {
      assertThat(alice.originSaw.get(0).get("traceparent")).as("traceparent at the origin")
          .startsWith("00-" + client1.traceId() + "-" + client1.spanId() + "-");
    } else {
      assertThat(alice.originSaw.get(0)).as("no trace headers to the origin by default").isEmpty();
    }

    // 2: the incoming parent is honoured; HttpURLConnection gives the same CLIENT span.
    List<ReceivedSpan> t2 = trace(spans, bobQuery, "/thumbnail/100x50", 3);
    ReceivedSpan server2 = Spans.ofKind(t2, Kind.SERVER);
    ReceivedSpan client2 = Spans.ofKind(t2, Kind.CLIENT);
    ReceivedSpan processing2 = Spans.named(t2, "processing_image");
    assertThat(server2.traceId()).isEqualTo(TRACE_ID);
    assertThat(server2.parentSpanId()).isEqualTo(PARENT_ID);
    assertThat(server2.name()).isEqualTo("GET " + ROUTE);
    Spans.nested(client2, server2);
    Spans.nested(processing2, server2);
    assertThat(client2.attributes()).containsEntry("url.full", o + "/" + TestOrigin.BOB)
        .containsEntry("http.response.status_code", 200L);
    assertThat(processing2.attributes())
        .containsEntry("image.output.format", "jpeg")
        .containsEntry("image.output.width", 50L) // 256×256 fitted into 100×50
        .containsEntry("image.output.height", 50L)
        .containsEntry("image.output.size", (long) bob.answer.body.length);
    if (propagates) {
      assertThat(bob.originSaw.get(0).get("traceparent"))
          .startsWith("00-" + TRACE_ID + "-" + client2.spanId() + "-");
    } else {
      assertThat(bob.originSaw.get(0)).isEmpty();
    }

    // 3: a 422 is not a server error; the processing span is.
    List<ReceivedSpan> t3 = trace(spans, carolQuery, "/thumbnail/64", 3);
    ReceivedSpan server3 = Spans.ofKind(t3, Kind.SERVER);
    ReceivedSpan processing3 = Spans.named(t3, "processing_image");
    assertThat(server3.statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server3.attributes()).containsEntry("http.response.status_code", 422L).containsEntry("http.route", ROUTE);
    assertThat(Spans.ofKind(t3, Kind.CLIENT).statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(processing3.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(processing3.attributes()).containsEntry("error.type", "processing");
    Spans.nested(processing3, server3);

    // 4: the origin's 404 fails the download, not the request; nothing is processed.
    List<ReceivedSpan> t4 = trace(spans, nobodyQuery, "/thumbnail/64", 2);
    ReceivedSpan server4 = Spans.ofKind(t4, Kind.SERVER);
    ReceivedSpan client4 = Spans.ofKind(t4, Kind.CLIENT);
    assertThat(server4.statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server4.attributes()).containsEntry("http.response.status_code", 404L);
    assertThat(client4.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client4.statusMessage()).isEqualTo("GET responded 404");
    assertThat(client4.attributes()).containsEntry("http.response.status_code", 404L).containsEntry("error.type", "download");
    Spans.nested(client4, server4);

    // 5: a refused connection: CLIENT error with the exception, SERVER 502 error of type download.
    List<ReceivedSpan> t5 = trace(spans, refusedQuery, "/thumbnail/64", 2);
    ReceivedSpan server5 = Spans.ofKind(t5, Kind.SERVER);
    ReceivedSpan client5 = Spans.ofKind(t5, Kind.CLIENT);
    assertThat(server5.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server5.attributes()).containsEntry("http.response.status_code", 502L)
        .containsEntry("error.type", "download").containsEntry("http.route", ROUTE);
    assertThat(client5.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client5.attributes()).containsEntry("error.type", "download")
        .containsEntry("url.full", "http://127.0.0.1:" + closedPort + "/x.jpg");
    assertThat(client5.event("exception").orElseThrow().attributes())
        .containsEntry("exception.type", "java.net.ConnectException");
    Spans.nested(client5, server5);
    if (java == 17) {
      // The service's own Logback warning, from BOOT-INF/lib, correlated with the request.
      var warning = otlp.awaitLog(l -> l.body().startsWith("thumbnail failed: 502 origin unreachable"), WAIT);
      assertThat(warning.severityText()).isEqualTo("WARN");
      assertThat(warning.traceId()).isEqualTo(server5.traceId());
      assertThat(warning.spanId()).isEqualTo(server5.spanId());
    }

    // 6: rejected before any download: the SERVER span alone, still named by Spring's pattern.
    List<ReceivedSpan> t6 = trace(spans, badQuery, "/thumbnail/huge", 1);
    assertThat(t6.get(0).name()).isEqualTo("GET " + ROUTE);
    assertThat(t6.get(0).attributes()).containsEntry("http.response.status_code", 400L);

    // 7: named by the pattern of the handler Spring chose, its static resources' /**.
    List<ReceivedSpan> t7 = trace(spans, null, "/no/such/page", 1);
    assertThat(t7.get(0).name()).isEqualTo("GET /**");
    assertThat(t7.get(0).attributes()).containsEntry("http.route", "/**").containsEntry("http.response.status_code", 404L);

    // Metrics (contract §3) agree with the seven requests.
    awaitLong(otlp, "requests_total", Map.of(), requests);
    awaitLong(otlp, "status_codes_total", Map.of("status", "200"), 2);
    awaitLong(otlp, "status_codes_total", Map.of("status", "400"), 1);
    awaitLong(otlp, "status_codes_total", Map.of("status", "404"), 2);
    awaitLong(otlp, "status_codes_total", Map.of("status", "422"), 1);
    awaitLong(otlp, "status_codes_total", Map.of("status", "502"), 1);
    awaitLong(otlp, "errors_total", Map.of("type", "download"), 2);
    awaitLong(otlp, "errors_total", Map.of("type", "processing"), 1);
    awaitLong(otlp, "requests_in_progress", Map.of(), 0);
    otlp.awaitMetric("request_duration_seconds", m -> m.count() == requests, WAIT);
    awaitCount(otlp, "request_span_duration_seconds", Map.of("span", "downloading_image"), 5);
    awaitCount(otlp, "request_span_duration_seconds", Map.of("span", "processing_image"), 3);
    awaitCount(otlp, "http.server.request.duration",
        Map.of("http.route", ROUTE, "http.request.method", "GET", "http.response.status_code", 200L), 2);
    awaitCount(otlp, "http.server.request.duration",
        Map.of("http.route", ROUTE, "http.response.status_code", 502L, "error.type", "502"), 1);
    awaitCount(otlp, "http.client.request.duration", Map.of("http.response.status_code", 200L), 3);
    awaitLong(otlp, "images_processed_total", Map.of("format", "png"), 1);
    awaitLong(otlp, "images_processed_total", Map.of("format", "jpeg"), 1);
    String stderr = String.join("\n", host.stderr());
    assertThat(stderr).contains("instrumenting ").contains("servlet").doesNotContain("could not");
  }

  /** The trace whose SERVER span has this path and query (null: none), with exactly {@code count} spans. */
  private static List<ReceivedSpan> trace(List<ReceivedSpan> spans, String query, String path, int count) {
    ReceivedSpan server = Spans.one(spans, s -> s.kind() == Kind.SERVER
        && path.equals(s.attributes().get("url.path")) && Objects.equals(query, s.attributes().get("url.query")), path + "?" + query);
    List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId().equals(server.traceId())).toList();
    assertThat(trace).as("spans of %s?%s", path, query).hasSize(count);
    return trace;
  }

  private static void awaitLong(OtlpReceiver otlp, String name, Map<String, ?> attrs, long expected) {
    otlp.awaitMetric(name, m -> matches(m, attrs) && m.longValue() == expected, WAIT);
  }

  private static void awaitCount(OtlpReceiver otlp, String name, Map<String, ?> attrs, long expected) {
    otlp.awaitMetric(name, m -> matches(m, attrs) && m.count() == expected, WAIT);
  }

  private static boolean matches(ReceivedMetric m, Map<String, ?> attrs) {
    return attrs.entrySet().stream().allMatch(e -> Objects.equals(m.attributes().get(e.getKey()), e.getValue()));
  }
}
