package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What tail sampling keeps of local traces built with the real SDK. */
class TailSamplingTest {
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private SdkTracerProvider tracers;
  private InMemoryMetricReader metrics;

  private Tracer tracer(TailSampling tail) {
    tracers = SdkTracerProvider.builder().addSpanProcessor(tail.wrap(SimpleSpanProcessor.create(exported))).build();
    metrics = InMemoryMetricReader.create();
    tail.observe(SdkMeterProvider.builder().registerMetricReader(metrics).build().get("io.pixtrace"));
    return tracers.get("test");
  }

  @AfterEach
  void close() {
    tracers.close();
  }

  /** A request span with one child ending before it, {@code millis} long, the child failing if asked. */
  private static String request(Tracer tracer, Context parent, long millis, boolean childFails) {
    long start = System.nanoTime();
    Span root = tracer.spanBuilder("GET /avatar").setParent(parent).setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
    Span child = tracer.spanBuilder("GET").setParent(Context.root().with(root)).startSpan();
    if (childFails) {
      child.setStatus(StatusCode.ERROR, "GET responded 404");
    }
    child.end();
    root.end(start + TimeUnit.MILLISECONDS.toNanos(millis), TimeUnit.NANOSECONDS);
    return root.getSpanContext().getTraceId();
  }

  private List<String> exportedTraces() {
    return exported.getFinishedSpanItems().stream().map(SpanData::getTraceId).distinct().toList();
  }

  private Map<String, Long> decisions() {
    Map<String, Long> out = new HashMap<>();
    for (MetricData m : metrics.collectAllMetrics()) {
      if (m.getName().equals("pixtrace.sampling.decisions")) {
        for (LongPointData p : m.getLongSumData().getPoints()) {
          if (p.getValue() > 0) {
            out.put(p.getAttributes().get(TailSampling.DECISION) + "/" + p.getAttributes().get(TailSampling.REASON), p.getValue());
          }
        }
      }
    }
    return out;
  }

  @Test
  void keepsErrorsSlowAndSampledParentsAndDropsTheRestAtRatioZero() {
    Tracer tracer = tracer(new TailSampling(0.0, Duration.ofMillis(500), 0));
    String fast = request(tracer, Context.root(), 10, false);
    String failed = request(tracer, Context.root(), 10, true);
    String slow = request(tracer, Context.root(), 600, false);
    SpanContext upstream = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.getDefault());
    String parented = request(tracer, Context.root().with(Span.wrap(upstream)), 10, false);

    assertThat(exportedTraces()).containsExactlyInAnyOrder(failed, slow, parented).doesNotContain(fast);
    assertThat(exported.getFinishedSpanItems()).as("whole traces: root and child of each").hasSize(6);
    assertThat(decisions()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "keep/error", 1L, "keep/slow", 1L, "keep/parent", 1L, "drop/not_sampled", 1L));
  }

  @Test
  void ratioOneKeepsEveryTraceAndTheRateLimitCapsThem() {
    Tracer tracer = tracer(new TailSampling(1.0, Duration.ofSeconds(10), 3));
    for (int i = 0; i < 10; i++) {
      request(tracer, Context.root(), 1, false);
    }
    assertThat(exportedTraces()).as("3 per second, the bucket starts full").hasSize(3);
    assertThat(decisions()).containsExactlyInAnyOrderEntriesOf(Map.of("keep/ratio", 3L, "drop/rate_limit", 7L));
  }

  @Test
  void aSpanEndingAfterItsRootGetsTheTracesDecision() {
    Tracer tracer = tracer(new TailSampling(0.0, Duration.ofMillis(100), 0));
    Span keptRoot = tracer.spanBuilder("kept").startSpan();
    Span keptLate = tracer.spanBuilder("late").setParent(Context.root().with(keptRoot)).startSpan();
    keptRoot.setStatus(StatusCode.ERROR);
    keptRoot.end();
    Span droppedRoot = tracer.spanBuilder("dropped").startSpan();
    Span droppedLate = tracer.spanBuilder("late").setParent(Context.root().with(droppedRoot)).startSpan();
    droppedRoot.end();
    keptLate.end();
    droppedLate.end();
    assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getTraceId)
        .containsOnly(keptRoot.getSpanContext().getTraceId()).hasSize(2);
  }

  @Test
  void heldSpansWaitForTheirRootAndShutdownExportsWhatStillWaits() {
    // InMemorySpanExporter forgets its spans when shut down: this one keeps them.
    List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
    SpanExporter keeping = new SpanExporter() {
      @Override
      public CompletableResultCode export(java.util.Collection<SpanData> spans) {
        spans.forEach(sd -> names.add(sd.getName()));
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    TailSampling tail = new TailSampling(0.0, Duration.ofMillis(100), 0);
    tracers = SdkTracerProvider.builder().addSpanProcessor(tail.wrap(SimpleSpanProcessor.create(keeping))).build();
    Tracer tracer = tracers.get("test");
    Span root = tracer.spanBuilder("never ends").startSpan();
    tracer.spanBuilder("child").setParent(Context.root().with(root)).startSpan().end();
    assertThat(names).as("held until the root ends").isEmpty();
    tracers.shutdown().join(5, TimeUnit.SECONDS);
    assertThat(names).containsExactly("child");
  }
}
