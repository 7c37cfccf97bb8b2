package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Tail sampling on the avatar service, ratio 0: the traces of the failed, the slow and the
 * upstream-sampled requests are exported whole, the ordinary ones not at all, while the
 * request metrics still count every request and the decisions are counted.
 */
class TailSamplingIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void keepsErrorsSlowAndSampledParentsOnly() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_RATIO", "0",
            "IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_SLOW", "1s",
            "OTEL_METRIC_EXPORT_INTERVAL", "500",
            "OTEL_BSP_SCHEDULE_DELAY", "100"))) {
      // A first request warms the service up (it may be slow enough to be kept); then three
      // ordinary ones.
      assertThat(host.get("/avatar/" + TestOrigin.ALICE + "?s=64").statusCode()).isEqualTo(200);
      for (int i = 0; i < 3; i++) {
        assertThat(host.get("/avatar/" + TestOrigin.ALICE + "?s=48").statusCode()).isEqualTo(200);
      }
      assertThat(host.get("/avatar/" + TestOrigin.NOBODY).statusCode()).isEqualTo(404);
      CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return host.get("/avatar/" + TestOrigin.HOLD);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      origin.awaitHolding();
      Thread.sleep(1_300);
      origin.releaseHeld();
      assertThat(slow.get().statusCode()).isEqualTo(200);
      String upstreamTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
      assertThat(host.get("/avatar/" + TestOrigin.BOB,
          "traceparent", "00-" + upstreamTrace + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(200);
      // Last, a failed request: once its trace is in, every earlier kept trace is too.
      String marker = "/avatar/" + TestOrigin.md5("nobody-else@example.com");
      assertThat(host.get(marker).statusCode()).isEqualTo(404);

      List<ReceivedSpan> spans = otlp.awaitSpans(Spans.traceComplete(marker, 2), WAIT);
      List<ReceivedSpan> failed = Spans.traceOf(spans, "/avatar/" + TestOrigin.NOBODY);
      assertThat(failed).as("the failed request's whole trace: its failed download too")
          .anySatisfy(s -> assertThat(s.kind()).isEqualTo(ReceivedSpan.Kind.CLIENT))
          .anySatisfy(s -> assertThat(s.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR));
      List<ReceivedSpan> held = Spans.traceOf(spans, "/avatar/" + TestOrigin.HOLD);
      assertThat(held).extracting(ReceivedSpan::name).contains("queue", "processing_image");
      ReceivedSpan heldServer = Spans.ofKind(held, ReceivedSpan.Kind.SERVER);
      assertThat(heldServer.durationNanos()).isGreaterThan(1_000_000_000L);
      assertThat(Spans.traceOf(spans, "/avatar/" + TestOrigin.BOB)).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(upstreamTrace));
      assertThat(spans).as("no span of the ordinary requests").noneMatch(s -> "s=48".equals(s.attributes().get("url.query")));
      long traces = spans.stream().map(ReceivedSpan::traceId).distinct().count();
      assertThat(traces).as("failed, slow, upstream-sampled, marker, and perhaps the warm-up").isBetween(4L, 5L);

      // The metrics count every request; the decisions are counted by reason.
      otlp.awaitMetric("requests_total", m -> m.longValue() == 8, WAIT);
      otlp.awaitMetric("request_duration_seconds", m -> m.count() == 8, WAIT);
      Map<String, Long> decided = decisions(otlp, 8);
      long warmUpKept = traces - 4;
      assertThat(decided).as("the warm-up is slow or not sampled").isEqualTo(Map.of("keep/error", 2L,
          "keep/slow", 1L + warmUpKept, "keep/parent", 1L, "drop/not_sampled", 4L - warmUpKept));
    }
  }

  /** The latest count per decision and reason (zeros left out), once they add up to {@code total}. */
  private static Map<String, Long> decisions(OtlpReceiver otlp, long total) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Map<String, Long> latest = new java.util.TreeMap<>();
    while (System.nanoTime() < deadline) {
      latest.clear();
      for (ReceivedMetric m : otlp.metrics("pixtrace.sampling.decisions")) {
        latest.put(m.attributes().get("decision") + "/" + m.attributes().get("reason"), m.longValue());
      }
      latest.values().removeIf(n -> n == 0);
      if (latest.values().stream().mapToLong(Long::longValue).sum() == total) {
        return latest;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("decisions never added up to " + total + ": " + latest);
  }
}
