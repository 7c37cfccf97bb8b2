package io.pixtrace.agent.sdk;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tail sampling in the process (docs/configuration.md, "Tail sampling"): the spans of a
 * local trace (a request's local root span and every span under it in this JVM) wait until
 * the local root ends, and are then all exported or all dropped. Kept, in this order:
 *
 * <ol>
 *   <li>{@code error}: any span of the local trace has status ERROR;
 *   <li>{@code slow}: the local root lasted at least the slow threshold;
 *   <li>{@code parent}: the local root's parent is a remote span sampled in upstream, so the
 *       distributed trace stays whole;
 *   <li>{@code ratio}: the SDK's trace-id ratio sampler keeps it (the same trace ids as
 *       {@code traceidratio}), within the optional rate limit of traces per second.
 * </ol>
 *
 * <p>Spans are only held back: they are recorded as before, so metrics count every request
 * (they never depend on sampling). A span that ends after its local root gets the decision
 * made for its trace. Held spans are bounded ({@link #MAX_HELD_SPANS}); a span past the
 * bound, and a trace whose local root has not ended within {@link #MAX_AGE}, are exported
 * as they are (reason {@code overflow}). Every decision is counted in
 * {@code pixtrace.sampling.decisions} ({@code decision} = {@code keep} or {@code drop},
 * {@code reason}).
 *
 * <p>One instance wraps each exporting processor autoconfiguration builds; the policy (ratio,
 * rate limit, decisions of ended traces) is shared, so two exporters keep the same traces.
 */
final class TailSampling {
  /** Most spans held back at once, over all traces. */
  static final int MAX_HELD_SPANS = 50_000;
  /** How long a trace's spans wait for its local root at most. */
  static final Duration MAX_AGE = Duration.ofMinutes(2);
  /** Decisions remembered for spans that end after their local root. */
  static final int REMEMBERED = 10_000;

  static final AttributeKey<String> DECISION = AttributeKey.stringKey("decision");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  /** Why a trace was kept or dropped. */
  enum Reason {
    ERROR(true), SLOW(true), PARENT(true), RATIO(true), OVERFLOW(true), NOT_SAMPLED(false), RATE_LIMIT(false);

    final boolean keep;
    final Attributes attributes;

    Reason(boolean keep) {
      this.keep = keep;
      this.attributes = Attributes.of(DECISION, keep ? "keep" : "drop", REASON, name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final long slowNanos;
  private final Sampler ratio;
  private final RateLimit rateLimit;
  private final Map<String, Boolean> decided = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final Map<Reason, LongAdder> counts = new java.util.EnumMap<>(Reason.class);

  /**
   * @param ratio share of the other traces kept, 0 to 1
   * @param slow a local root this long or longer is kept
   * @param perSecond most traces kept by the ratio per second, 0 for no limit
   */
  TailSampling(double ratio, Duration slow, int perSecond) {
    this.slowNanos = slow.toNanos();
    this.ratio = Sampler.traceIdRatioBased(ratio);
    this.rateLimit = perSecond > 0 ? new RateLimit(perSecond) : null;
    for (Reason r : Reason.values()) {
      counts.put(r, new LongAdder());
    }
  }

  /** The processor that holds spans back for {@code delegate}. */
  SpanProcessor wrap(SpanProcessor delegate) {
    return new Holding(delegate);
  }

  /** Reports {@code pixtrace.sampling.decisions} on {@code meter}. */
  void observe(Meter meter) {
    meter.counterBuilder("pixtrace.sampling.decisions").setUnit("{trace}")
        .setDescription("Local traces kept or dropped by Pixtrace's tail sampling, by reason.")
        .buildWithCallback(m -> counts.forEach((reason, n) -> m.record(n.sum(), reason.attributes)));
  }

  /**
   * The decision for a local trace whose root just ended; remembered and counted.
   *
   * @param anyError whether the root or any span held for its trace has status ERROR
   */
  private boolean decide(ReadableSpan root, boolean anyError) {
    String traceId = root.getSpanContext().getTraceId();
    Reason reason;
    synchronized (decided) {
      Boolean earlier = decided.get(traceId);
      if (earlier != null) {
        return earlier; // another exporter's processor decided this trace already
      }
      reason = reason(root, anyError, traceId);
      decided.put(traceId, reason.keep);
    }
    counts.get(reason).increment();
    return reason.keep;
  }

  private Reason reason(ReadableSpan root, boolean anyError, String traceId) {
    if (anyError) {
      return Reason.ERROR;
    }
    if (root.getLatencyNanos() >= slowNanos) {
      return Reason.SLOW;
    }
    SpanContext parent = root.getParentSpanContext();
    if (parent.isValid() && parent.isRemote() && parent.isSampled()) {
      return Reason.PARENT;
    }
    SamplingDecision d = ratio.shouldSample(Context.root(), traceId, root.getName(), root.getKind(),
        Attributes.empty(), List.of()).getDecision();
    if (d != SamplingDecision.RECORD_AND_SAMPLE) {
      return Reason.NOT_SAMPLED;
    }
    return rateLimit == null || rateLimit.take() ? Reason.RATIO : Reason.RATE_LIMIT;
  }

  private Boolean decided(String traceId) {
    synchronized (decided) {
      return decided.get(traceId);
    }
  }

  /** A local root: no parent, or a parent in another process. */
  private static boolean isLocalRoot(ReadableSpan span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  /** The spans of one local trace waiting for its root. */
  private static final class Held {
    final long since = System.nanoTime();
    final List<ReadableSpan> spans = new ArrayList<>(8);
    boolean error;
  }

  /** Holds spans back for one delegate. */
  private final class Holding implements SpanProcessor {
    private final SpanProcessor delegate;
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicInteger heldSpans = new AtomicInteger();
    private volatile long nextSweep = System.nanoTime() + MAX_AGE.toNanos();

    Holding(SpanProcessor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      delegate.onStart(parentContext, span);
    }

    @Override
    public boolean isStartRequired() {
      return delegate.isStartRequired();
    }

    @Override
    public void onEnd(ReadableSpan span) {
      if (!span.getSpanContext().isSampled()) {
        delegate.onEnd(span); // not exported anyway: the delegate ignores it as before
        return;
      }
      String traceId = span.getSpanContext().getTraceId();
      boolean error = span.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR;
      if (isLocalRoot(span)) {
        Held h = held.get(traceId);
        boolean anyError = error;
        if (h != null) {
          synchronized (h) {
            anyError |= h.error;
          }
        }
        boolean keep = decide(span, anyError);
        // Decided first, then taken: a child ending now either sees the decision or is in
        // what is taken here (or takes it itself, below).
        settle(held.remove(traceId), keep);
        if (keep) {
          delegate.onEnd(span);
        }
        sweepIfDue();
        return;
      }
      Boolean earlier = decided(traceId);
      if (earlier != null) {
        if (earlier) {
          delegate.onEnd(span); // ended after its root: the trace's decision
        }
        return;
      }
      if (heldSpans.get() >= MAX_HELD_SPANS) {
        counts.get(Reason.OVERFLOW).increment();
        delegate.onEnd(span);
        return;
      }
      Held h = held.computeIfAbsent(traceId, id -> new Held());
      synchronized (h) {
        h.spans.add(span);
        h.error |= error;
      }
      heldSpans.incrementAndGet();
      Boolean now = decided(traceId);
      if (now != null) {
        settle(held.remove(traceId), now); // the root was decided meanwhile
      }
    }

    /** Exports or drops the spans taken from {@link #held} ({@code null}: nothing taken). */
    private void settle(Held h, boolean keep) {
      if (h == null) {
        return;
      }
      synchronized (h) {
        heldSpans.addAndGet(-h.spans.size());
        if (keep) {
          h.spans.forEach(delegate::onEnd);
        }
        h.spans.clear();
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    /** Exports, as they are, traces whose local root has not ended within {@link #MAX_AGE}. */
    private void sweepIfDue() {
      long now = System.nanoTime();
      if (now - nextSweep < 0) {
        return;
      }
      nextSweep = now + MAX_AGE.toNanos();
      for (Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Held> e = it.next();
        if (now - e.getValue().since > MAX_AGE.toNanos()) {
          it.remove();
          flush(e.getValue());
        }
      }
    }

    private void flush(Held h) {
      settle(h, true);
      counts.get(Reason.OVERFLOW).increment();
    }

    @Override
    public CompletableResultCode forceFlush() {
      return delegate.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
      // Spans still waiting for a root that will not end now are exported as they are.
      for (Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
        Held h = it.next().getValue();
        it.remove();
        flush(h);
      }
      return delegate.shutdown();
    }
  }

  /** At most {@code perSecond} takes in any second (a token bucket refilled continuously). */
  private static final class RateLimit {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    RateLimit(int perSecond) {
      this.perNano = perSecond / 1e9;
      this.burst = perSecond;
      this.tokens = perSecond;
    }

    synchronized boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
