package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Small assertions over received spans. */
final class Spans {
  private static final AtomicInteger MARKERS = new AtomicInteger();

  private Spans() {}

  /** Sends one request for {@code path} to the host under test. */
  interface Request {
    void send(String path) throws Exception;
  }

  /**
   * The positive signal before an absence check on a host that keeps running: sends a marker
   * request for a fresh path ({@code prefix} + a number) and waits for its SERVER span. The
   * host's batch processor hands spans to the exporter in the order they end and exports one
   * batch after the other (docs/configuration.md, LOSSY and several collectors), so once the
   * marker has arrived, every span the host ended before it has arrived too: a span still
   * missing was never exported, not merely late.
   *
   * @return the marker's path, to tell its spans from the ones under test
   */
  static String marker(OtlpReceiver otlp, String prefix, Request request, Duration timeout) throws Exception {
    String path = prefix + MARKERS.incrementAndGet();
    request.send(path);
    otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER && path.equals(s.attributes().get("url.path")), timeout);
    return path;
  }

  static ReceivedSpan one(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String what) {
    List<ReceivedSpan> found = spans.stream().filter(which).toList();
    assertThat(found).as("exactly one %s span in %s", what, spans).hasSize(1);
    return found.get(0);
  }

  static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    return one(spans, s -> s.name().equals(name), name);
  }

  static ReceivedSpan ofKind(List<ReceivedSpan> spans, ReceivedSpan.Kind kind) {
    return one(spans, s -> s.kind() == kind, kind.name());
  }

  /** The child is the parent's child and lies within its time. */
  static void nested(ReceivedSpan child, ReceivedSpan parent) {
    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.parentSpanId()).as("%s's parent is %s", child.name(), parent.name()).isEqualTo(parent.spanId());
    assertThat(child.startEpochNanos()).as("%s starts within %s", child.name(), parent.name())
        .isGreaterThanOrEqualTo(parent.startEpochNanos());
    assertThat(child.endEpochNanos()).as("%s ends within %s", child.name(), parent.name())
        .isLessThanOrEqualTo(parent.endEpochNanos());
  }

  /** All spans of the trace that contains a SERVER span matching {@code path}. */
  static Predicate<List<ReceivedSpan>> traceComplete(String urlPath, int count) {
    return spans -> spans.stream()
        .filter(s -> s.kind() == ReceivedSpan.Kind.SERVER && urlPath.equals(s.attributes().get("url.path")))
        .anyMatch(server -> spans.stream().filter(s -> s.traceId().equals(server.traceId())).count() >= count);
  }

  static List<ReceivedSpan> traceOf(List<ReceivedSpan> spans, String urlPath) {
    String traceId = spans.stream()
        .filter(s -> s.kind() == ReceivedSpan.Kind.SERVER && urlPath.equals(s.attributes().get("url.path")))
        .findFirst().orElseThrow(() -> new AssertionError("no server span for " + urlPath)).traceId();
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }
}
