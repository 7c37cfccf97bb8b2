package io.pixtrace.testing.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver's own API, fed with hand-built protobuf requests over raw gRPC and HTTP clients. */
class ReceiverApiTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newHttpClient();
  private OtlpReceiver receiver;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
    channel = NettyChannelBuilder.forTarget(receiver.grpcEndpoint()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    receiver.close();
  }

  @Test
  void endpointsAreLoopbackWithEphemeralPorts() {
    assertThat(receiver.grpcPort()).isPositive().isNotEqualTo(4317);
    assertThat(receiver.httpPort()).isPositive().isNotEqualTo(receiver.grpcPort());
    assertThat(receiver.grpcEndpoint()).isEqualTo("127.0.0.1:" + receiver.grpcPort());
    assertThat(receiver.grpcUrl()).isEqualTo("http://127.0.0.1:" + receiver.grpcPort());
    assertThat(receiver.httpEndpoint()).isEqualTo("http://127.0.0.1:" + receiver.httpPort());
    assertThat(receiver.httpEndpoint(Signal.METRICS))
        .isEqualTo("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics");
    assertThat(receiver.tlsEnabled()).isFalse();
  }

  @Test
  void grpcDecodesEveryValueTypeAndDataKind() {
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer raw");
    metadata.put(Metadata.Key.of("x-blob-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1, 2});
    TraceServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .export(RawRequests.traces());
    MetricsServiceGrpc.newBlockingStub(channel).export(RawRequests.metrics());
    LogsServiceGrpc.newBlockingStub(channel).export(RawRequests.logs());

    assertThat(receiver.spans()).containsExactly(expectedRoot(Transport.GRPC), expectedChild(Transport.GRPC));
    assertExpectedMetrics(receiver.metrics(), Transport.GRPC);
    assertThat(receiver.logs()).containsExactly(expectedLog(Transport.GRPC));

    ExportRequest traces = receiver.requests(Signal.TRACES).get(0);
    assertThat(traces.header("Authorization")).isEqualTo("Bearer raw");
    assertThat(traces.header("x-blob-bin")).isEqualTo("AQI=");
    assertThat(traces.itemCount()).isEqualTo(2);
    assertThat(receiver.requests()).extracting(ExportRequest::itemCount).containsExactly(2, 4, 1);
    assertThat(receiver.requests()).extracting(ExportRequest::sequence)
        .isSortedAccordingTo(Long::compare);
    assertThat(receiver.itemCount(Signal.METRICS)).isEqualTo(4);
  }

  @Test
  void httpWithAndWithoutGzipDecodesLikeGrpc() throws Exception {
    assertThat(post(Signal.TRACES, RawRequests.traces().toByteArray(), true).statusCode()).isEqualTo(200);
    assertThat(post(Signal.METRICS, RawRequests.metrics().toByteArray(), false).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> response = post(Signal.LOGS, RawRequests.logs().toByteArray(), true);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");

    assertThat(receiver.spans()).containsExactly(expectedRoot(Transport.HTTP), expectedChild(Transport.HTTP));
    assertExpectedMetrics(receiver.metrics(), Transport.HTTP);
    assertThat(receiver.logs()).containsExactly(expectedLog(Transport.HTTP));
    assertThat(receiver.requests(Signal.TRACES).get(0).header("content-encoding")).isEqualTo("gzip");
    assertThat(receiver.requestCount(Signal.TRACES, Transport.HTTP)).isEqualTo(1);
    assertThat(receiver.requestCount(Signal.TRACES, Transport.GRPC)).isZero();
  }

  @Test
  void httpAnswersProtocolErrors() throws Exception {
    String base = receiver.httpEndpoint();
    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");

    assertThat(send("/v1/nothing", "application/x-protobuf", null, new byte[0]).statusCode())
        .isEqualTo(404);
    assertThat(send("/v1/traces", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(415);
    assertThat(send("/v1/traces", "application/x-protobuf", "br", new byte[0]).statusCode())
        .isEqualTo(415);
    assertThat(send("/v1/traces", "application/x-protobuf", "gzip", new byte[] {1, 2, 3})
        .statusCode()).isEqualTo(400);
    assertThat(send("/v1/traces", "application/x-protobuf", null, new byte[] {(byte) 0xff, 1})
        .statusCode()).isEqualTo(400);
    assertThat(receiver.requests()).isEmpty();

    // An empty body is a valid, empty export request.
    HttpResponse<byte[]> empty = send("/v1/traces", "application/x-protobuf; charset=binary", null, new byte[0]);
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(empty.body()))
        .isEqualTo(ExportTraceServiceResponse.getDefaultInstance());

    receiver.setFailing(true);
    HttpResponse<byte[]> unavailable = post(Signal.TRACES, RawRequests.traces().toByteArray(), false);
    assertThat(unavailable.statusCode()).isEqualTo(503);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(unavailable.body());
    assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE.value());
    assertThat(status.getMessage()).contains("failure injected");
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void grpcFailureIsUnavailable() {
    receiver.failNext(1);
    assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE));
    TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
    assertThat(receiver.requests()).extracting(ExportRequest::accepted).containsExactly(false, true);
    assertThat(receiver.spans()).hasSize(2);
  }

  @Test
  void awaitTimesOutWithADumpOfWhatArrived() {
    TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
    assertThatThrownBy(() -> receiver.awaitSpan(s -> s.name().equals("missing"), Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Timed out after 200 ms waiting for a matching span.")
        .hasMessageContaining("trace " + RawRequests.TRACE_ID)
        .hasMessageContaining("GET /avatar");
    assertThatThrownBy(() -> receiver.awaitMetric("missing", Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Metrics: 0 point(s)");
    assertThatThrownBy(() -> receiver.awaitLog(l -> true, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Logs: 0");
    assertThatThrownBy(() -> receiver.awaitRequest(r -> r.signal() == Signal.LOGS, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("#1 traces grpc items=2");
  }

  @Test
  void awaitReturnsAsSoonAsDataArrives() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<ReceivedSpan> waiting =
          executor.submit(() -> receiver.awaitSpan(s -> s.name().equals("resize"), WAIT));
      Thread.sleep(100);
      assertThat(waiting).isNotDone();
      TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
      assertThat(waiting.get(5, TimeUnit.SECONDS).spanId()).isEqualTo(RawRequests.CHILD_ID);
      assertThat(receiver.awaitSpans(l -> l.size() == 2, WAIT)).hasSize(2);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void requestCountWaitsCountEachSignalWithFailedExportsIncluded() throws Exception {
    TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
    MetricsServiceGrpc.newBlockingStub(channel).export(RawRequests.metrics());
    receiver.failNext(1);
    assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces()))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(receiver.awaitRequestCountAbove(Signal.TRACES, 1, WAIT)).isEqualTo(2);
    assertThat(receiver.awaitRequestCountAbove(Signal.METRICS, 0, WAIT)).isEqualTo(1);
    assertThatThrownBy(() -> receiver.awaitRequestCountAbove(Signal.LOGS, 0, Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Timed out after 100 ms waiting for more than 0 export request(s) of logs.")
        .hasMessageContaining("traces(grpc=2 http=0) metrics(grpc=1 http=0) logs(grpc=0 http=0)");
  }

  @Test
  void moreRequestsCountFromTheCallAndReturnWhenTheyHaveArrived() throws Exception {
    TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
    TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
    // Two traces exports arrived before the call: they do not count.
    assertThatThrownBy(() -> receiver.awaitMoreRequests(Signal.TRACES, 1, Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("more than 2 export request(s) of traces");
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch calling = new CountDownLatch(1);
      Future<Integer> waiting = executor.submit(() -> {
        calling.countDown();
        return receiver.awaitRequestCountAbove(Signal.TRACES, 3, WAIT);
      });
      calling.await();
      MetricsServiceGrpc.newBlockingStub(channel).export(RawRequests.metrics()); // another signal
      TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
      post(receiver, Signal.TRACES, RawRequests.traces().toByteArray()); // the other transport
      assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(4);
    } finally {
      executor.shutdownNow();
    }
    receiver.clear();
    assertThatThrownBy(() -> receiver.awaitMoreRequests(Signal.TRACES, 0, WAIT))
        .isInstanceOf(IllegalArgumentException.class);
    post(receiver, Signal.TRACES, RawRequests.traces().toByteArray());
    assertThat(receiver.awaitRequestCountAbove(Signal.TRACES, 0, WAIT)).as("counted again from 0 after clear()")
        .isEqualTo(1);
  }

  @Test
  void dumpShowsTheSpanTree() {
    TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
    MetricsServiceGrpc.newBlockingStub(channel).export(RawRequests.metrics());
    LogsServiceGrpc.newBlockingStub(channel).export(RawRequests.logs());
    String dump = receiver.dump();
    assertThat(receiver.dumpSpans())
        .isEqualTo(
            "Spans: 2 in 1 trace(s)\n"
                + "  trace 5b8efff798038103d269b633813fc60c (service.name=raw-service)\n"
                + "    - GET /avatar [SERVER, 12.346 ms, via grpc] span eee19b7ec3c1b174"
                + " {s=\"text\", i=-7, d=2.5, b=true, arr=[\"a\", 2], kv={inner=\"x\", n=1},"
                + " bytes=0x0102ff, empty=null}\n"
                + "      - resize [CLIENT, 1.500 ms, ERROR: boom, via grpc] span eee19b7ec3c1b173\n"
                + "          * event retry {attempt=2}\n"
                + "          * link 0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331\n");
    assertThat(dump)
        .contains(receiver.dumpSpans())
        .contains("raw.sum [SUM DELTA, unit By] {code=200} = -3  (1 point(s), via grpc)")
        .contains("raw.summary [SUMMARY] {} count=4 sum=10.0 quantiles={0.5=2.0, 0.99=4.0}")
        .contains("[INFO/9] {msg=hi} {k=\"v\"} trace=5b8efff798038103d269b633813fc60c")
        .contains("Export requests: traces(grpc=1 http=0) metrics(grpc=1 http=0) logs(grpc=1 http=0)");
  }

  @Test
  void orphanSpansAreShownWithTheirMissingParent() {
    var request = RawRequests.traces().toBuilder();
    request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).removeSpans(0);
    TraceServiceGrpc.newBlockingStub(channel).export(request.build());
    assertThat(receiver.dumpSpans())
        .contains("    - resize [CLIENT, 1.500 ms, ERROR: boom, via grpc] span eee19b7ec3c1b173"
            + " (parent eee19b7ec3c1b174 not received)");
  }

  @Test
  void latestMatchesPlainJavaNumbers() {
    MetricsServiceGrpc.newBlockingStub(channel).export(RawRequests.metrics());
    assertThat(receiver.latest("raw.sum", Map.of("code", 200))).isPresent();
    assertThat(receiver.latest("raw.sum", Map.of("code", 200L))).isPresent();
    assertThat(receiver.latest("raw.sum", Map.of("code", 404))).isEmpty();
    assertThat(receiver.latest("raw.sum", Map.of())).isPresent();
    assertThat(receiver.latest("raw.sum").orElseThrow().longValue()).isEqualTo(-3L);
    assertThat(receiver.metricNames())
        .containsExactly("raw.sum", "raw.gauge", "raw.exp", "raw.summary");
    ReceivedMetric gauge = receiver.latest("raw.gauge").orElseThrow();
    assertThatThrownBy(gauge::longValue).isInstanceOf(IllegalStateException.class);
    ReceivedMetric summary = receiver.latest("raw.summary").orElseThrow();
    assertThatThrownBy(summary::doubleValue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clearForgetsEverythingButKeepsFailureSettings() {
    TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
    MetricsServiceGrpc.newBlockingStub(channel).export(RawRequests.metrics());
    LogsServiceGrpc.newBlockingStub(channel).export(RawRequests.logs());
    receiver.setFailing(true);
    receiver.clear();
    assertThat(receiver.spans()).isEmpty();
    assertThat(receiver.metrics()).isEmpty();
    assertThat(receiver.metricNames()).isEmpty();
    assertThat(receiver.logs()).isEmpty();
    assertThat(receiver.requests()).isEmpty();
    assertThat(receiver.requestCount(Signal.TRACES)).isZero();
    assertThat(receiver.itemCount(Signal.LOGS)).isZero();
    assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces()))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(receiver.requests()).singleElement().extracting(ExportRequest::sequence).isEqualTo(4L);
  }

  @Test
  void fixedPortsAndBusyPorts() throws IOException {
    int grpcPort;
    int httpPort;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      grpcPort = a.getLocalPort();
      httpPort = b.getLocalPort();
    }
    try (OtlpReceiver fixed = OtlpReceiver.builder().grpcPort(grpcPort).httpPort(httpPort).start()) {
      assertThat(fixed.grpcPort()).isEqualTo(grpcPort);
      assertThat(fixed.httpPort()).isEqualTo(httpPort);
      assertThatThrownBy(() -> OtlpReceiver.builder().grpcPort(grpcPort).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("gRPC").hasMessageContaining(String.valueOf(grpcPort));
      assertThatThrownBy(() -> OtlpReceiver.builder().httpPort(httpPort).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("HTTP").hasMessageContaining(String.valueOf(httpPort));
    }
    // Freed again after close, including the gRPC port of the half-started receiver.
    try (OtlpReceiver again = OtlpReceiver.builder().grpcPort(grpcPort).httpPort(httpPort).start()) {
      assertThat(again.grpcPort()).isEqualTo(grpcPort);
    }
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> OtlpReceiver.builder().grpcPort(70000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OtlpReceiver.builder().clientCa(Path.of("ca.pem")).start())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> OtlpReceiver.builder().tls(Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem")).start())
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("/nonexistent/cert.pem");
    assertThatThrownBy(() -> receiver.failNext(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutRetentionOnlyCountsAndListenerCallsRemain() throws Exception {
    List<ExportRequest> seen = new CopyOnWriteArrayList<>();
    try (OtlpReceiver lean = OtlpReceiver.builder().retainData(false).onExport(seen::add).start()) {
      post(lean, Signal.TRACES, RawRequests.traces().toByteArray());
      post(lean, Signal.LOGS, RawRequests.logs().toByteArray());
      assertThat(lean.spans()).isEmpty();
      assertThat(lean.logs()).isEmpty();
      assertThat(lean.requests()).isEmpty();
      assertThat(lean.itemCount(Signal.TRACES)).isEqualTo(2);
      assertThat(lean.itemCount(Signal.LOGS)).isEqualTo(1);
      assertThat(lean.requestCount(Signal.TRACES, Transport.HTTP)).isEqualTo(1);
      assertThat(seen).extracting(ExportRequest::signal).containsExactly(Signal.TRACES, Signal.LOGS);
      assertThatThrownBy(() -> lean.awaitSpanCount(1, Duration.ofMillis(50)))
          .hasMessageContaining("receiver does not retain data");
    }
  }

  @Test
  void concurrentExportsAreAllKept() throws Exception {
    int threads = 4;
    int perThread = 25;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean viaGrpc = t % 2 == 0;
        futures.add(executor.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            if (viaGrpc) {
              TraceServiceGrpc.newBlockingStub(channel).export(RawRequests.traces());
            } else {
              post(Signal.TRACES, RawRequests.traces().toByteArray(), true);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(receiver.awaitSpanCount(threads * perThread * 2, WAIT)).hasSize(threads * perThread * 2);
    assertThat(receiver.requestCount(Signal.TRACES)).isEqualTo(threads * perThread);
    assertThat(receiver.requestCount(Signal.TRACES, Transport.GRPC)).isEqualTo(threads / 2 * perThread);
  }

  // ------------------------------------------------------------------ expectations

  static ReceivedSpan expectedRoot(Transport transport) {
    Map<String, Object> attributes = new java.util.LinkedHashMap<>();
    attributes.put("s", "text");
    attributes.put("i", -7L);
    attributes.put("d", 2.5);
    attributes.put("b", true);
    attributes.put("arr", List.of("a", 2L));
    attributes.put("kv", Map.of("inner", "x", "n", 1L));
    attributes.put("bytes", ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xff}));
    attributes.put("empty", null);
    return new ReceivedSpan(
        RawRequests.TRACE_ID, RawRequests.ROOT_ID, "", "", "GET /avatar", ReceivedSpan.Kind.SERVER,
        RawRequests.T0, RawRequests.T0 + 12_345_678, attributes, ReceivedSpan.StatusCode.UNSET, "",
        List.of(), List.of(), Map.of("service.name", "raw-service"), "raw", "9", transport);
  }

  static ReceivedSpan expectedChild(Transport transport) {
    return new ReceivedSpan(
        RawRequests.TRACE_ID, RawRequests.CHILD_ID, RawRequests.ROOT_ID, "vendor=1", "resize",
        ReceivedSpan.Kind.CLIENT, RawRequests.T0 + 1_000_000, RawRequests.T0 + 2_500_000, Map.of(),
        ReceivedSpan.StatusCode.ERROR, "boom",
        List.of(new ReceivedSpan.Event("retry", RawRequests.T0 + 2_000_000, Map.of("attempt", 2L))),
        List.of(new ReceivedSpan.Link("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "k=v",
            Map.of("why", "batch"))),
        Map.of("service.name", "raw-service"), "raw", "9", transport);
  }

  static void assertExpectedMetrics(List<ReceivedMetric> metrics, Transport transport) {
    assertThat(metrics).hasSize(4);
    long seq = metrics.get(0).exportSequence();
    Map<String, Object> resource = Map.of("service.name", "raw-service");
    long t0 = RawRequests.T0;
    assertThat(metrics.get(0)).isEqualTo(new ReceivedMetric(
        "raw.sum", "bytes sent", "By", ReceivedMetric.Type.SUM, false,
        ReceivedMetric.Temporality.DELTA, Map.of("code", 200L), t0, t0 + 10, -3L, 0, null, null,
        null, List.of(), List.of(), null, Map.of(), resource, "raw", "", transport, seq));
    assertThat(metrics.get(1)).isEqualTo(new ReceivedMetric(
        "raw.gauge", "", "", ReceivedMetric.Type.GAUGE, false,
        ReceivedMetric.Temporality.UNSPECIFIED, Map.of(), 0, t0 + 20, 0.25, 0, null, null, null,
        List.of(), List.of(), null, Map.of(), resource, "raw", "", transport, seq));
    assertThat(metrics.get(2)).isEqualTo(new ReceivedMetric(
        "raw.exp", "", "", ReceivedMetric.Type.EXP_HISTOGRAM, false,
        ReceivedMetric.Temporality.CUMULATIVE, Map.of(), 0, t0 + 30, null, 6, 21.5, 0.0, 9.0,
        List.of(), List.of(),
        new ReceivedMetric.ExponentialBuckets(3, 1, 0.001, -2, List.of(2L, 3L), 0, List.of()),
        Map.of(), resource, "raw", "", transport, seq));
    assertThat(metrics.get(3)).isEqualTo(new ReceivedMetric(
        "raw.summary", "", "", ReceivedMetric.Type.SUMMARY, false,
        ReceivedMetric.Temporality.UNSPECIFIED, Map.of(), 0, t0 + 40, null, 4, 10.0, null, null,
        List.of(), List.of(), null, Map.of(0.5, 2.0, 0.99, 4.0), resource, "raw", "", transport,
        seq));
  }

  static ReceivedLog expectedLog(Transport transport) {
    return new ReceivedLog(
        "{msg=hi}", Map.of("msg", "hi"), 9, "INFO", RawRequests.T0, RawRequests.T0 + 5,
        RawRequests.TRACE_ID, RawRequests.ROOT_ID, "avatar.resized", Map.of("k", "v"),
        Map.of("service.name", "raw-service"), "raw", "", transport);
  }

  // ------------------------------------------------------------------ HTTP helpers

  private HttpResponse<byte[]> post(Signal signal, byte[] body, boolean gzip) throws IOException, InterruptedException {
    return gzip
        ? send(signal.httpPath(), "application/x-protobuf", "gzip", gzip(body))
        : send(signal.httpPath(), "application/x-protobuf", null, body);
  }

  private void post(OtlpReceiver target, Signal signal, byte[] body) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(
        HttpRequest.newBuilder(URI.create(target.httpEndpoint(signal)))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private HttpResponse<byte[]> send(String path, String contentType, String encoding, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.httpEndpoint() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
