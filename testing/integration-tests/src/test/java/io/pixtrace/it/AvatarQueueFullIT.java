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
import org.junit.jupiter.api.Test;

/**
 * A full processing queue (one worker, no waiting room, the worker held by a slow origin):
 * the rejected request answers 503 and its trace shows a failed {@code queue} span.
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
            "AVATAR_QUEUE_SIZE", "0"))) {
      CompletableFuture<HttpResponse<byte[]>> held = CompletableFuture.supplyAsync(() -> {
        try {
          return host.get("/avatar/" + TestOrigin.HOLD);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      origin.awaitHolding();
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
      ReceivedMetric unavailable = otlp.awaitMetric("status_codes_total", m -> "503".equals(m.attributes().get("status")), WAIT);
      assertThat(unavailable.longValue()).isEqualTo(1);
    }
  }
}
