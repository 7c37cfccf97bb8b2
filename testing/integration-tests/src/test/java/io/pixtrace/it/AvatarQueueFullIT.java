package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A full processing queue (one worker, no waiting room, the worker held by a slow origin):
 * the rejected request answers 503 and its trace shows a failed {@code queue} span; the
 * saturation gauges show the one worker busy (imgproxy's {@code workers_utilization} 100 %)
 * and count the rejection.
 */
class AvatarQueueFullIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aFullQueueIsAQueueError() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "500",
            "AVATAR_WORKERS", "1",
            "IMGPROXY_WORKERS", "1",
            "AVATAR_QUEUE_SIZE", "0"))) {
      CompletableFuture<HttpResponse<byte[]>> held = CompletableFuture.supplyAsync(() -> {
        try {
          return host.get("/avatar/" + TestOrigin.HOLD);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      origin.awaitHolding();
      // Saturated: the one worker is busy with the held request, imgproxy's utilization is 100 %.
      Predicate<ReceivedMetric> workerPool = m -> "avatar-worker-*".equals(m.attributes().get("jvm.executor.name"))
          && "java.util.concurrent.ThreadPoolExecutor".equals(m.attributes().get("jvm.executor.type"));
      ReceivedMetric busy = otlp.awaitMetric("jvm.executor.thread.count", m -> workerPool.test(m)
          && "active".equals(m.attributes().get("jvm.executor.thread.state")) && m.longValue() == 1, WAIT);
      ReceivedMetric utilization = otlp.awaitMetric("workers_utilization",
          m -> m.exportSequence() == busy.exportSequence(), WAIT);
      assertThat(utilization.value().doubleValue()).as("1 request in progress per 1 worker, in %").isEqualTo(100.0);
      assertThat(utilization.unit()).isEqualTo("%");
      assertThat(otlp.awaitMetric("workers", m -> true, WAIT).longValue()).isEqualTo(1);
      assertThat(otlp.awaitMetric("jvm.executor.thread.limit", workerPool, WAIT).longValue()).isEqualTo(1);
      assertThat(otlp.awaitMetric("jvm.executor.thread.core", workerPool, WAIT).longValue()).isEqualTo(1);
      assertThat(otlp.awaitMetric("jvm.executor.queue.capacity", workerPool, WAIT).longValue())
          .as("a SynchronousQueue holds nothing").isZero();
      HttpResponse<byte[]> rejected = host.get("/avatar/" + TestOrigin.ALICE);
      origin.releaseHeld();
      assertThat(rejected.statusCode()).isEqualTo(503);
      assertThat(held.get().statusCode()).isEqualTo(200);

      String path = "/avatar/" + TestOrigin.ALICE;
      List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, 2), WAIT), path);
      assertThat(trace).as(otlp.dumpSpans()).hasSize(2);
      ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
      ReceivedSpan queue = Spans.named(trace, "queue");
      Spans.nested(queue, server);
      assertThat(queue.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
      assertThat(queue.attributes()).containsEntry("error.type", "queue");
      assertThat(queue.event("exception").orElseThrow().attributes())
          .containsEntry("exception.type", "java.util.concurrent.RejectedExecutionException");
      assertThat(server.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
      assertThat(server.attributes()).containsEntry("http.response.status_code", 503L).containsEntry("error.type", "queue");

      ReceivedMetric errors = otlp.awaitMetric("errors_total", m -> "queue".equals(m.attributes().get("type")), WAIT);
      assertThat(errors.longValue()).isEqualTo(1);
      ReceivedMetric rejections = otlp.awaitMetric("jvm.executor.task.rejected", m -> workerPool.test(m) && m.longValue() == 1, WAIT);
      assertThat(rejections.monotonic()).isTrue();
      // Back to idle once the held request is answered: the worker stays, idle, one task completed.
      otlp.awaitMetric("jvm.executor.thread.count", m -> workerPool.test(m)
          && "idle".equals(m.attributes().get("jvm.executor.thread.state")) && m.longValue() == 1, WAIT);
      otlp.awaitMetric("jvm.executor.task.completed", m -> workerPool.test(m) && m.longValue() == 1, WAIT);
      otlp.awaitMetric("workers_utilization", m -> m.value().doubleValue() == 0.0, WAIT);
      ReceivedMetric unavailable = otlp.awaitMetric("status_codes_total", m -> "503".equals(m.attributes().get("status")), WAIT);
      assertThat(unavailable.longValue()).isEqualTo(1);
    }
  }
}
