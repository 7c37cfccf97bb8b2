package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stage API with a real SDK and real executors, calling the stages the way the advice
 * does (the agent's own bytecode weaving is covered by the integration tests).
 */
class StagesTest {
  private final TestTelemetry telemetry = new TestTelemetry(true);
  private final TestTelemetry.MapServerAdapter server = new TestTelemetry.MapServerAdapter();

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void serverSpanFollowsSemanticConventionsAndJoinsTheCallersTrace() {
    Map<String, Object> req = TestTelemetry.request("get", "/avatar/abc");
    req.put("route", "/avatar/");
    req.put("query", "s=80&token=t0ps3cret");
    @SuppressWarnings("unchecked")
    Map<String, String> headers = (Map<String, String>) req.get("headers");
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    Object handle = ServerStage.start(server, req);
    assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    req.put("status", 200);
    ServerStage.end(server, handle, req, null);

    SpanData span = telemetry.span("GET /avatar/");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("http.request.method"), "GET")
        .containsEntry(AttributeKey.stringKey("url.path"), "/avatar/abc")
        .containsEntry(AttributeKey.stringKey("url.query"), "s=80&token=REDACTED")
        .containsEntry(AttributeKey.stringKey("http.route"), "/avatar/")
        .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
        .containsEntry(AttributeKey.stringKey("client.address"), "127.0.0.1");
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    LongPointData requests = (LongPointData) telemetry.metric("requests_total").orElseThrow().getData().getPoints().iterator().next();
    assertThat(requests.getValue()).isEqualTo(1);
  }

  @Test
  void skippedPathsGetNoSpanAndNoMetric() {
    TestTelemetry.CONTROL.install(Telemetry.builder(telemetry.sdk).version("test")
        .skipPaths(java.util.List.of("/health", "/static/*")).build());
    for (String path : new String[] {"/health", "/static/app.css"}) {
      Map<String, Object> req = TestTelemetry.request("GET", path);
      assertThat(ServerStage.start(server, req)).isNull();
    }
    Map<String, Object> kept = TestTelemetry.request("GET", "/healthz");
    ServerStage.end(server, ServerStage.start(server, kept), kept, null);
    assertThat(telemetry.spans()).singleElement().satisfies(s ->
        assertThat(s.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/healthz"));
    LongPointData requests = (LongPointData) telemetry.metric("requests_total").orElseThrow().getData().getPoints().iterator().next();
    assertThat(requests.getValue()).isEqualTo(1);
  }

  @Test
  void fiveHundredIsAnErrorFourHundredIsNot() {
    Map<String, Object> bad = TestTelemetry.request("GET", "/a");
    bad.put("status", 404);
    ServerStage.end(server, ServerStage.start(server, bad), bad, null);
    Map<String, Object> broken = TestTelemetry.request("GET", "/b");
    broken.put("status", 503);
    ServerStage.end(server, ServerStage.start(server, broken), broken, null);

    assertThat(telemetry.spans()).hasSize(2);
    SpanData notFound = telemetry.spans().get(0);
    SpanData unavailable = telemetry.spans().get(1);
    assertThat(notFound.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(notFound.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
    assertThat(unavailable.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(unavailable.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
  }

  @Test
  void noSpansWithoutARequestInFlight() throws Exception {
    assertThat(QueueStage.wrap(() -> {}, new Object())).isNull();
    assertThat(DownloadStage.start(new DownloadRequest("GET", "http://o/x"))).isNull();
    assertThat(ProcessingStage.libraryOperationStart("test-vips", "vips_image_write_to_buffer")).isNull();
    assertThat(ProcessingStage.evaluationStart()).as("no operation under way").isFalse();
    assertThat(telemetry.spans()).isEmpty();
  }

  @Test
  void queueSpanCoversTheWaitAndTheTaskRunsInTheRequestContext() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2));
    try {
      Map<String, Object> req = TestTelemetry.request("GET", "/q");
      Object handle = ServerStage.start(server, req);
      String traceId = Span.current().getSpanContext().getTraceId();
      AtomicReference<String> seenInTask = new AtomicReference<>();
      Runnable task = () -> seenInTask.set(Span.current().getSpanContext().getTraceId());
      java.util.concurrent.FutureTask<Void> future = new java.util.concurrent.FutureTask<>(task, null);
      Runnable wrapped = QueueStage.wrap(future, pool);
      assertThat(wrapped).isInstanceOf(Future.class);
      assertThat(QueueStage.wrap(wrapped, pool)).as("never wrapped twice").isNull();
      pool.execute(wrapped);
      ((Future<?>) wrapped).get(5, TimeUnit.SECONDS);
      req.put("status", 200);
      ServerStage.end(server, handle, req, null);

      assertThat(seenInTask.get()).isEqualTo(traceId);
      SpanData queue = telemetry.span("queue");
      SpanData request = telemetry.span("GET");
      assertThat(queue.getParentSpanId()).isEqualTo(request.getSpanId());
      assertThat(queue.getAttributes().get(AttributeKey.stringKey("pixtrace.queue.executor")))
          .isEqualTo(ThreadPoolExecutor.class.getName());
      assertThat(queue.getStartEpochNanos()).isGreaterThanOrEqualTo(request.getStartEpochNanos());
      assertThat(queue.getEndEpochNanos()).isLessThanOrEqualTo(request.getEndEpochNanos());
      HistogramPointData stage = (HistogramPointData) telemetry.metric("request_span_duration_seconds").orElseThrow()
          .getData().getPoints().iterator().next();
      assertThat(stage.getCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRejectedTaskEndsItsQueueSpanWithAQueueError() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
    try {
      pool.execute(() -> awaitQuietly(release));
      Map<String, Object> req = TestTelemetry.request("GET", "/full");
      Object handle = ServerStage.start(server, req);
      Runnable task = () -> {};
      Runnable wrapped = QueueStage.wrap(task, pool);
      RejectedExecutionException thrown = null;
      try {
        // What the advice does: execute the wrapper; the rejection handler gets the host's task.
        pool.execute(wrapped);
      } catch (RejectedExecutionException e) {
        thrown = e;
      }
      assertThat(thrown).isNotNull();
      QueueStage.rejected(wrapped);
      QueueStage.handedOff(wrapped, thrown);
      req.put("status", 503);
      ServerStage.end(server, handle, req, null);

      SpanData queue = telemetry.span("queue");
      assertThat(queue.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(queue.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("queue");
      assertThat(queue.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
      SpanData request = telemetry.span("GET");
      assertThat(request.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("queue");
      LongPointData errors = (LongPointData) telemetry.metric("errors_total").orElseThrow().getData().getPoints().iterator().next();
      assertThat(errors.getValue()).isEqualTo(1);
      assertThat(errors.getAttributes().get(AttributeKey.stringKey("type"))).isEqualTo("queue");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void downloadSpanRedactsTheUrlInjectsHeadersAndFailsOn404() {
    Map<String, Object> req = TestTelemetry.request("GET", "/d");
    Object handle = ServerStage.start(server, req);
    Download download = DownloadStage.start(new DownloadRequest("get", "https://u:p@origin.example/a.jpg?sig=x"));
    Map<String, String> injected = download.traceHeaders();
    download.end(404, -1, null);
    req.put("status", 404);
    ServerStage.end(server, handle, req, null);

    SpanData span = telemetry.span("GET");
    SpanData root = telemetry.spans().stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(injected.get("traceparent")).contains(span.getSpanId()).contains(root.getTraceId());
    assertThat(span.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo("https://origin.example/a.jpg?sig=REDACTED");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("origin.example");
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("download");
    assertThat(span.getEvents()).singleElement().satisfies(e -> assertThat(e.getName()).isEqualTo("exception"));
  }

  @Test
  void downloadHeadersAreNotInjectedUnlessAsked() {
    telemetry.close();
    try (TestTelemetry quiet = new TestTelemetry(false)) {
      Map<String, Object> req = TestTelemetry.request("GET", "/d");
      Object handle = ServerStage.start(server, req);
      Download download = DownloadStage.start(new DownloadRequest("GET", "http://origin.example/a.jpg"));
      assertThat(download.traceHeaders()).isEmpty();
      download.end(200, -1, null);
      ServerStage.end(server, handle, req, null);
      assertThat(quiet.spans()).hasSize(2);
    }
  }

  @Test
  void downloadTimeoutIsATimeoutError() {
    Map<String, Object> req = TestTelemetry.request("GET", "/t");
    Object handle = ServerStage.start(server, req);
    Download download = DownloadStage.start(new DownloadRequest("GET", "http://origin.example/slow"));
    download.end(-1, -1, new java.net.SocketTimeoutException("read timed out"));
    ServerStage.end(server, handle, req, null);
    // Both spans are named GET: the download is the CLIENT span whose parent is the request's.
    SpanData root = telemetry.spans().stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(telemetry.spans()).filteredOn(s -> s.getKind() == SpanKind.CLIENT).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("GET");
      assertThat(c.getParentSpanId()).isEqualTo(root.getSpanId());
      assertThat(c.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(c.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("timeout");
    });
    // docs/telemetry.md, error categories: a timeout is counted at the download.
    LongPointData errors = (LongPointData) telemetry.metric("errors_total").orElseThrow().getData().getPoints().iterator().next();
    assertThat(errors.getAttributes().get(AttributeKey.stringKey("type"))).isEqualTo("timeout");
    assertThat(errors.getValue()).isEqualTo(1);
  }

  @Test
  void anAsyncDownloadDoneBeforeItsCallbackRanIsSettledWhenTheRequestEnds() throws Exception {
    Map<String, Object> req = TestTelemetry.request("GET", "/a");
    Object handle = ServerStage.start(server, req);
    java.util.concurrent.CompletableFuture<Object> future = new java.util.concurrent.CompletableFuture<>();
    Download download = DownloadStage.start(new DownloadRequest("GET", "http://127.0.0.1:1/x.jpg"));
    download.endWhenDone(future, new MapClientAdapter());
    // The completing thread is held up before the agent's callback runs (dependents run
    // newest first), while the host, woken by the same completion, answers and ends the request.
    CountDownLatch release = new CountDownLatch(1);
    future.whenComplete((r, e) -> awaitQuietly(release));
    Thread completer = new Thread(() -> future.completeExceptionally(new java.net.ConnectException("refused")));
    completer.start();
    while (!future.isDone()) {
      Thread.onSpinWait();
    }
    req.put("status", 502);
    ServerStage.end(server, handle, req, null);
    release.countDown();
    completer.join(10_000);

    SpanData root = telemetry.spans().stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(root.getAttributes().get(AttributeKey.stringKey("error.type"))).as("the download's category").isEqualTo("download");
    assertThat(telemetry.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT)).as("ended once").singleElement()
        .satisfies(c -> assertThat(c.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("download"));
  }

  @Test
  void aRouteKnownOnlyAtTheEndNamesTheSpan() {
    Map<String, Object> req = TestTelemetry.request("GET", "/thumbnail/64");
    req.put("route", "/*");
    Object handle = ServerStage.start(server, req);
    req.put("route", "/"); // a request object whose mapping reads differently at the end
    req.put("lateRoute", "/thumbnail/{size}"); // matched by the framework while the request ran
    req.put("status", 200);
    ServerStage.end(server, handle, req, null);
    SpanData span = telemetry.span("GET /thumbnail/{size}");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/thumbnail/{size}");
    HistogramPointData point = (HistogramPointData) telemetry.metric("http.server.request.duration").orElseThrow()
        .getData().getPoints().iterator().next();
    assertThat(point.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/thumbnail/{size}");

    Map<String, Object> plain = TestTelemetry.request("GET", "/async/x");
    plain.put("route", "/async/*");
    Object plainHandle = ServerStage.start(server, plain);
    plain.put("route", "/*"); // what Jetty 9 reports after an async request completed
    ServerStage.end(server, plainHandle, plain, null);
    assertThat(telemetry.span("GET /async/*").getAttributes().get(AttributeKey.stringKey("http.route")))
        .as("without a late route the start's route stays").isEqualTo("/async/*");
  }

  /** A reader like libvips': spans named {@code vips {operation}}, failures for "-1" results. */
  private static void registerVipsLikeReader() {
    TestTelemetry.CONTROL.register("test-vips", new ImageCallReader() {
      @Override
      public ImageCall read(String method, Object self, Object[] args, Object result) {
        return Integer.valueOf(-1).equals(result) ? ImageCall.failed(method + " failed: bad input") : null;
      }

      @Override
      public String evaluationSpanName(String operation) {
        return "vips " + operation;
      }
    });
  }

  @Test
  void processingSpanRunsFromFirstToLastOperationWithASpanForEachOperationThatEvaluated() throws Exception {
    registerVipsLikeReader();
    Map<String, Object> req = TestTelemetry.request("GET", "/p");
    Object handle = ServerStage.start(server, req);
    Object load = ProcessingStage.libraryOperationStart("test-vips", "image_new_from_buffer");
    assertThat(ProcessingStage.evaluating()).isFalse();
    ProcessingStage.readOperationEnd(load, null, "test-vips", "image_new_from_buffer", null, new Object[0], 0);
    Object thumb = ProcessingStage.libraryOperationStart("test-vips", "thumbnail_image");
    assertThat(ProcessingStage.libraryOperationStart("test-vips", "image_write")).as("re-entry").isNull();
    // Two evaluations, the second with one nested inside it (libvips evaluating an input).
    assertThat(ProcessingStage.evaluationStart()).isTrue();
    ProcessingStage.evaluationEnd(1_000, 40, 25, 3);
    assertThat(ProcessingStage.evaluationStart()).isTrue();
    assertThat(ProcessingStage.evaluationStart()).isTrue();
    ProcessingStage.evaluationEnd(12_000_000, 4000, 3000, 3);
    assertThat(ProcessingStage.evaluating()).as("the outer one is still under way").isTrue();
    ProcessingStage.evaluationEnd(4_096, 64, 64, 4);
    assertThat(ProcessingStage.evaluating()).isFalse();
    Thread.sleep(5);
    ProcessingStage.readOperationEnd(thumb, null, "test-vips", "thumbnail_image", null, new Object[0], 0);
    Object save = ProcessingStage.libraryOperationStart("test-vips", "image_write_to_buffer");
    ProcessingStage.evaluationStart();
    ProcessingStage.evaluationEnd(4_096, 64, 64, 3);
    ProcessingStage.imageOperationEnd(save, null, ImageCall.output("webp", 64, 64, 321));
    ProcessingStage.evaluationStart(); // outside any operation: nothing
    ProcessingStage.evaluationEnd(7, 7, 1, 1);
    Thread.sleep(20);
    ServerStage.end(server, handle, req, null);

    SpanData processing = telemetry.span("processing_image");
    SpanData thumbnail = telemetry.span("vips thumbnail_image");
    SpanData write = telemetry.span("vips image_write_to_buffer");
    SpanData request = telemetry.span("GET");
    assertThat(telemetry.spans()).hasSize(4);
    assertThat(thumbnail.getParentSpanId()).isEqualTo(processing.getSpanId());
    assertThat(write.getParentSpanId()).isEqualTo(processing.getSpanId());
    assertThat(processing.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(thumbnail.getAttributes().get(AttributeKey.longKey("vips.pixels"))).isEqualTo(12_005_096L);
    assertThat(thumbnail.getAttributes().get(AttributeKey.longKey("vips.evaluations"))).isEqualTo(3L);
    assertThat(thumbnail.getAttributes().get(AttributeKey.longKey("vips.image.width"))).as("the largest").isEqualTo(4000L);
    assertThat(thumbnail.getAttributes().get(AttributeKey.longKey("vips.image.bands"))).isEqualTo(3L);
    assertThat(thumbnail.getEndEpochNanos()).as("ends with its last evaluation, before the call returned")
        .isLessThan(processing.getEndEpochNanos() - 4_000_000L);
    assertThat(write.getAttributes().get(AttributeKey.longKey("vips.pixels"))).isEqualTo(4_096L);
    assertThat(write.getAttributes().get(AttributeKey.stringKey("image.output.format"))).isEqualTo("webp");
    assertThat(write.getAttributes().get(AttributeKey.longKey("image.output.size"))).isEqualTo(321L);
    assertThat(processing.getAttributes().get(AttributeKey.longKey("image.output.size"))).isEqualTo(321L);
    assertThat(processing.getEndEpochNanos()).as("ends with the last operation, not the request")
        .isGreaterThanOrEqualTo(write.getEndEpochNanos());
    assertThat(request.getEndEpochNanos() - processing.getEndEpochNanos()).isGreaterThan(15_000_000L);
  }

  @Test
  void failureTheReaderFindsMarksProcessingFailed() {
    registerVipsLikeReader();
    Map<String, Object> req = TestTelemetry.request("POST", "/p");
    Object handle = ServerStage.start(server, req);
    Object thumb = ProcessingStage.libraryOperationStart("test-vips", "vips_thumbnail_image");
    ProcessingStage.readOperationEnd(thumb, null, "test-vips", "vips_thumbnail_image", null, new Object[0], -1);
    req.put("status", 422);
    ServerStage.end(server, handle, req, null);
    SpanData processing = telemetry.span("processing_image");
    assertThat(telemetry.spans()).hasSize(2);
    assertThat(processing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(processing.getStatus().getDescription()).isEqualTo("vips_thumbnail_image failed: bad input");
    assertThat(processing.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("processing");
    assertThat(processing.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
  }

  @Test
  void nestedLibraryCallsJoinTheOuterOperationAndCountOneImage() {
    Map<String, Object> req = TestTelemetry.request("GET", "/t");
    Object handle = ServerStage.start(server, req);
    // Thumbnailator's shape: the outer call owns the operation, an inner ImageIO-level call
    // starts nothing, and the library's sink reports what it wrote.
    Object outer = ProcessingStage.imageOperationStart("Thumbnailator.createThumbnail");
    assertThat(ProcessingStage.imageOperationStart("ImageIO.write")).as("nested: no second operation").isNull();
    ProcessingStage.nestedImageDetail(ImageCall.input("jpeg"));
    ProcessingStage.nestedImageDetail(ImageCall.output("png", 40, 30, 1234));
    ProcessingStage.imageOperationEnd(outer, null, ImageCall.NOTHING);
    // Outside any operation a detail is ignored.
    ProcessingStage.nestedImageDetail(ImageCall.output("gif", 1, 1, 1));
    // imgscalr's shape: pixels out, no format, nothing counted.
    Object scalr = ProcessingStage.imageOperationStart("Scalr.resize");
    ProcessingStage.imageOperationEnd(scalr, null, ImageCall.pixels(20, 15));
    ServerStage.end(server, handle, req, null);

    SpanData processing = telemetry.span("processing_image");
    assertThat(telemetry.spans()).hasSize(2);
    assertThat(processing.getAttributes().get(AttributeKey.stringKey("image.input.format"))).isEqualTo("jpeg");
    assertThat(processing.getAttributes().get(AttributeKey.stringKey("image.output.format"))).isEqualTo("png");
    assertThat(processing.getAttributes().get(AttributeKey.longKey("image.output.width"))).isEqualTo(20L);
    assertThat(processing.getAttributes().get(AttributeKey.longKey("image.output.size"))).isEqualTo(1234L);
    assertThat(telemetry.metric("images_processed_total").orElseThrow().getLongSumData().getPoints())
        .singleElement().satisfies(p -> {
          assertThat(p.getValue()).isEqualTo(1);
          assertThat(p.getAttributes().get(AttributeKey.stringKey("format"))).isEqualTo("png");
        });
  }

  @Test
  void operationsReadByTheLibrarysReaderAndAFailedEvaluatingCallFailsItsSpan() {
    TestTelemetry.CONTROL.register("test-lib", new ImageCallReader() {
      @Override
      public ImageCall read(String method, Object self, Object[] args, Object result) {
        return new ImageCall(null, "webp", 8, 6, 99, null);
      }

      @Override
      public String evaluationSpanName(String operation) {
        return "lib " + operation;
      }
    });
    Map<String, Object> req = TestTelemetry.request("GET", "/v");
    Object handle = ServerStage.start(server, req);
    Object thumb = ProcessingStage.libraryOperationStart("no-such-lib", "thumbnail_image");
    ProcessingStage.readOperationEnd(thumb, null, "no-such-lib", "invokeOperation", null, new Object[0], null);
    Object save = ProcessingStage.libraryOperationStart("test-lib", "webpsave_buffer");
    ProcessingStage.evaluationStart();
    ProcessingStage.evaluationEnd(48, 8, 6, 3);
    ProcessingStage.readOperationEnd(save, null, "test-lib", "invokeOperation", null, new Object[0], null);
    Object broken = ProcessingStage.libraryOperationStart("test-lib", "image_write_to_memory");
    ProcessingStage.evaluationStart();
    ProcessingStage.readOperationEnd(broken, new IllegalStateException("boom"), "test-lib", "writeToMemory", null,
        new Object[0], null);
    req.put("status", 500);
    ServerStage.end(server, handle, req, null);

    assertThat(telemetry.spans()).extracting(SpanData::getName).containsExactlyInAnyOrder(
        "GET", "processing_image", "lib webpsave_buffer", "lib image_write_to_memory");
    SpanData save1 = telemetry.span("lib webpsave_buffer");
    assertThat(save1.getAttributes().get(AttributeKey.longKey("image.output.size"))).isEqualTo(99L);
    assertThat(save1.getParentSpanId()).isEqualTo(telemetry.span("processing_image").getSpanId());
    assertThat(telemetry.span("lib image_write_to_memory").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(telemetry.span("processing_image").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(ProcessingStage.formatName("JPG")).isEqualTo("jpeg");
    assertThat(ProcessingStage.formatName(" ")).isNull();
  }

  @Test
  void stagesNeverThrowIntoTheHost() {
    HttpServerAdapter broken = new TestTelemetry.MapServerAdapter() {
      @Override
      public String method(Object r) {
        throw new IllegalStateException("adapter bug");
      }
    };
    assertThat(ServerStage.start(broken, TestTelemetry.request("GET", "/"))).isNull();
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    ServerStage.end(broken, null, TestTelemetry.request("GET", "/"), null);
    DownloadStage.complete(null, -1, -1, null);
    QueueStage.handedOff(null, new RejectedExecutionException());
    ProcessingStage.imageOperationEnd(null, null, null);
    ProcessingStage.evaluationEnd(1, 1, 1, 1);
    assertThat(telemetry.spans()).isEmpty();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A client adapter over maps: {@code status} out, headers copied. */
  static final class MapClientAdapter implements HttpClientAdapter {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> m(Object o) {
      return (Map<String, Object>) o;
    }

    @Override
    public Object withHeaders(Object request, Map<String, String> headers) {
      Map<String, Object> copy = new HashMap<>(m(request));
      copy.put("headers", headers);
      return copy;
    }

    @Override
    public int statusCode(Object response) {
      return (Integer) m(response).get("status");
    }

    @Override
    public long bodySize(Object response) {
      return -1;
    }
  }
}
