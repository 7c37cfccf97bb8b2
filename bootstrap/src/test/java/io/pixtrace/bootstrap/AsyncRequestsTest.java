package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that end when their response is complete ({@link ServerStage#responseComplete}),
 * the response timeout, and the context of {@code CompletableFuture} stages
 * ({@link StageContext}), called as the advice calls them.
 */
class AsyncRequestsTest {
  private final TestTelemetry telemetry = new TestTelemetry(false);
  /** Requests whose completion is reported by key, as the JDK server's are. */
  private final TestTelemetry.MapServerAdapter server = new TestTelemetry.MapServerAdapter() {
    @Override
    public Object completionKey(Object request) {
      return ((Map<?, ?>) request).get("key");
    }
  };
  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    other.shutdownNow();
    telemetry.close();
  }

  private Map<String, Object> request(Object key) {
    Map<String, Object> r = TestTelemetry.request("GET", "/later");
    r.put("key", key);
    return r;
  }

  @Test
  void aResponseCompletedAfterTheHandlerReturnedEndsTheRequestThen() throws Exception {
    Object key = new Object();
    Map<String, Object> req = request(key);
    Object handle = ServerStage.start(server, req);
    ServerStage.end(server, handle, req, null);
    assertThat(telemetry.spans()).as("the handler returned, the response is not complete").isEmpty();
    assertThat(Span.current().getSpanContext().isValid()).as("the context left the handler thread").isFalse();
    Thread.sleep(20);
    req.put("status", 201);
    other.submit(() -> ServerStage.responseComplete(key)).get();
    SpanData span = telemetry.span("GET");
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isGreaterThanOrEqualTo(20_000_000L);
    assertThat(ServerStage.pendingResponses()).isZero();
    awaitNoTimeouts();
    ServerStage.responseComplete(key);
    assertThat(telemetry.spans()).as("a second report ends nothing").hasSize(1);
  }

  @Test
  void aResponseCompletedBeforeTheHandlerReturnedEndsAtTheReturn() {
    Object key = new Object();
    Map<String, Object> req = request(key);
    Object handle = ServerStage.start(server, req);
    req.put("status", 200);
    ServerStage.responseComplete(key);
    assertThat(telemetry.spans()).isEmpty();
    ServerStage.end(server, handle, req, null);
    assertThat(telemetry.spans()).hasSize(1);
    assertThat(ServerStage.pendingResponses()).isZero();
    assertThat(ResponseTimeouts.pending()).as("no timeout was needed").isZero();
  }

  @Test
  void aThrowingHandlerEndsTheRequestAtOnceAndLeavesNothing() {
    Object key = new Object();
    Map<String, Object> req = request(key);
    Object handle = ServerStage.start(server, req);
    ServerStage.end(server, handle, req, new IllegalStateException("boom"));
    assertThat(telemetry.span("GET").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(ServerStage.pendingResponses()).isZero();
  }

  @Test
  void aResponseNeverCompletedEndsAfterTheTimeoutMarkedIncompleteAndLeavesNothing() throws Exception {
    TestTelemetry.CONTROL.install(Telemetry.builder(telemetry.sdk).version("test").responseTimeout(Duration.ofMillis(100)).build());
    Object key = new Object();
    Map<String, Object> req = request(key);
    long start = System.nanoTime();
    ServerStage.end(server, ServerStage.start(server, req), req, null);
    while (telemetry.spans().isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(10);
    }
    SpanData span = telemetry.span("GET");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("response not completed within 100 ms");
    assertThat(span.getAttributes().asMap()).containsEntry(AttributeKey.booleanKey(ServerStage.INCOMPLETE), true)
        .containsEntry(AttributeKey.stringKey("error.type"), "timeout");
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isGreaterThanOrEqualTo(100_000_000L);
    assertThat(ServerStage.pendingResponses()).isZero();
    ServerStage.responseComplete(key);
    assertThat(telemetry.spans()).as("completing it later ends nothing more").hasSize(1);
  }

  @Test
  void theResponseTimeoutMustBePositive() {
    assertThatThrownBy(() -> Telemetry.builder(telemetry.sdk).responseTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }

  @Test
  void aStageCallbackRunsInItsCreatorsContextOnAnyThreadAndThrowsAsBefore() throws Exception {
    Map<String, Object> req = request(null);
    Object handle = ServerStage.start(server, req);
    Object captured = StageContext.capture();
    assertThat(captured).isSameAs(Context.current());
    @SuppressWarnings("unchecked")
    Function<String, String> traceOf = (Function<String, String>) StageContext.callback(captured, "uniApplyStage",
        (Function<String, String>) s -> s + Span.current().getSpanContext().getTraceId());
    IllegalStateException boom = new IllegalStateException("boom");
    @SuppressWarnings("unchecked")
    Function<String, String> failing = (Function<String, String>) StageContext.callback(captured, "uniApplyStage",
        (Function<String, String>) s -> {
          throw boom;
        });
    String requestTrace = Span.current().getSpanContext().getTraceId();
    ServerStage.end(server, handle, req, null);

    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> applied = source.thenApply(traceOf);
    CompletableFuture<String> failed = source.thenApply(failing);
    other.submit(() -> source.complete("trace ")).get(); // completed by a thread with no context
    assertThat(applied.get()).isEqualTo("trace " + requestTrace);
    assertThatThrownBy(failed::join).hasCause(boom);
    assertThat(StageContext.callback(captured, "uniApplyStage", null)).as("null stays null: the future throws as before").isNull();
  }

  @Test
  void nothingIsWrappedOutsideARequestsContext() {
    assertThat(StageContext.capture()).isNull();
    Runnable r = () -> { };
    assertThat(StageContext.callback(null, "uniRunStage", r)).isSameAs(r);
    assertThat(StageContext.executor(null, other)).isSameAs(other);
  }

  @Test
  void aStagesExecutorHandsOffInTheCreatorsContext() throws Exception {
    Map<String, Object> req = request(null);
    Object handle = ServerStage.start(server, req);
    Object captured = StageContext.capture();
    String requestTrace = Span.current().getSpanContext().getTraceId();
    ServerStage.end(server, handle, req, null);
    String[] seen = new String[1];
    java.util.concurrent.Executor recording = task -> seen[0] = Span.current().getSpanContext().getTraceId();
    StageContext.executor(captured, recording).execute(() -> { });
    assertThat(seen[0]).isEqualTo(requestTrace);
  }

  private static void awaitNoTimeouts() throws InterruptedException {
    for (int i = 0; i < 200 && ResponseTimeouts.pending() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(ResponseTimeouts.pending()).as("the cancelled timeout left the timer's queue").isZero();
  }
}
