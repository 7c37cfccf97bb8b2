package io.pixtrace.agent.sdk;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Spans and log records not delivered, per signal and reason: the {@code pixtrace.export.dropped}
 * counter (unit {@code {item}}; attributes {@code signal} = {@code traces} or {@code logs}, and
 * {@code error.type} = {@link #QUEUE_FULL} (the semantic conventions' value for the SDK's own
 * processor metrics), {@link #EXPORT_FAILED} or {@link #SHUTDOWN}).
 *
 * <p>Counted on the request thread with a {@link LongAdder} and reported by an asynchronous
 * counter, so the count exists before the meter provider does and costs nothing to read.
 */
final class DroppedItems {
  static final String METRIC = "pixtrace.export.dropped";
  static final AttributeKey<String> SIGNAL = AttributeKey.stringKey("signal");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** The export queue was full (and, LOSSY=false, stayed full for the request's wait). */
  static final String QUEUE_FULL = "queue_full";
  /** The exporter gave up on the batch (LOSSY=false: after trying again for a while). */
  static final String EXPORT_FAILED = "export_failed";
  /** Still queued or ended while the SDK shut down. */
  static final String SHUTDOWN = "shutdown";
  private static final String[] REASONS = {QUEUE_FULL, EXPORT_FAILED, SHUTDOWN};

  /** Per signal, one adder per reason in {@link #REASONS}' order. */
  private final Map<String, LongAdder[]> bySignal = new TreeMap<>();

  /** Starts counting for {@code signal} (reported as 0 for each reason until something is dropped). */
  synchronized void track(String signal) {
    adders(signal);
  }

  void add(String signal, String reason, long count) {
    LongAdder[] adders;
    synchronized (this) {
      adders = adders(signal);
    }
    adders[index(reason)].add(count);
  }

  /** What has been dropped so far for {@code signal}, all reasons. */
  synchronized long count(String signal) {
    LongAdder[] adders = bySignal.get(signal);
    long n = 0;
    if (adders != null) {
      for (LongAdder a : adders) {
        n += a.sum();
      }
    }
    return n;
  }

  /** What has been dropped so far for {@code signal} and {@code reason}. */
  synchronized long count(String signal, String reason) {
    LongAdder[] adders = bySignal.get(signal);
    return adders == null ? 0 : adders[index(reason)].sum();
  }

  private LongAdder[] adders(String signal) {
    return bySignal.computeIfAbsent(signal, s -> {
      LongAdder[] a = new LongAdder[REASONS.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = new LongAdder();
      }
      return a;
    });
  }

  private static int index(String reason) {
    for (int i = 0; i < REASONS.length; i++) {
      if (REASONS[i].equals(reason)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown drop reason " + reason);
  }

  /** Reports the counts on {@code meters} when any signal is tracked. */
  void register(MeterProvider meters) {
    Map<String, Attributes[]> attributes = new TreeMap<>();
    synchronized (this) {
      if (bySignal.isEmpty()) {
        return;
      }
      for (String s : bySignal.keySet()) {
        Attributes[] a = new Attributes[REASONS.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = Attributes.of(SIGNAL, s, ERROR_TYPE, REASONS[i]);
        }
        attributes.put(s, a);
      }
    }
    meters.get("io.pixtrace").counterBuilder(METRIC)
        .setUnit("{item}")
        .setDescription("Spans and log records not delivered to a collector, by reason")
        .buildWithCallback(m -> attributes.forEach((signal, attrs) -> {
          for (int i = 0; i < attrs.length; i++) {
            m.record(count(signal, REASONS[i]), attrs[i]);
          }
        }));
  }
}
