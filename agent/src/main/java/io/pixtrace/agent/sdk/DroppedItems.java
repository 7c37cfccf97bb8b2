package io.pixtrace.agent.sdk;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Spans and log records dropped because an export queue was full, per signal: the
 * {@code pixtrace.export.dropped} counter (unit {@code {item}}, attribute {@code signal} =
 * {@code traces} or {@code logs}).
 *
 * <p>Counted on the request thread with a {@link LongAdder} and reported by an asynchronous
 * counter, so the count exists before the meter provider does and costs nothing to read.
 */
final class DroppedItems {
  static final String METRIC = "pixtrace.export.dropped";
  static final AttributeKey<String> SIGNAL = AttributeKey.stringKey("signal");

  private final Map<String, LongAdder> bySignal = new TreeMap<>();

  /** Starts counting for {@code signal} (reported as 0 until something is dropped). */
  synchronized void track(String signal) {
    bySignal.computeIfAbsent(signal, s -> new LongAdder());
  }

  void add(String signal) {
    LongAdder adder;
    synchronized (this) {
      adder = bySignal.computeIfAbsent(signal, s -> new LongAdder());
    }
    adder.increment();
  }

  /** What has been dropped so far for {@code signal}. */
  synchronized long count(String signal) {
    LongAdder adder = bySignal.get(signal);
    return adder == null ? 0 : adder.sum();
  }

  /** Reports the counts on {@code meters} when any signal is tracked. */
  void register(MeterProvider meters) {
    Map<String, Attributes> attributes = new TreeMap<>();
    synchronized (this) {
      if (bySignal.isEmpty()) {
        return;
      }
      bySignal.keySet().forEach(s -> attributes.put(s, Attributes.of(SIGNAL, s)));
    }
    meters.get("io.pixtrace").counterBuilder(METRIC)
        .setUnit("{item}")
        .setDescription("Spans and log records dropped because an export queue was full")
        .buildWithCallback(m -> attributes.forEach((signal, attrs) -> m.record(count(signal), attrs)));
  }
}
