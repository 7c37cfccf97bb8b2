package io.pixtrace.agent.runtime;

import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.pixtrace.agent.sdk.SdkFactory;
import io.pixtrace.agent.sdk.UnshadedScopes;
import io.pixtrace.bootstrap.AgentLog;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The JVM runtime metrics (the runtime-telemetry library's {@code jvm.*} observers, over JMX)
 * and {@link ProcessMemory}'s gauges, registered once the host's first request ended, or a few
 * seconds after the agent started if that comes first, instead of in premain. They are read
 * only when metrics are collected, so nothing is lost as long as they exist before the first
 * collection; registering them at start cost the host's start-up
 * about 100 ms of CPU and 150 to 500 classes (JMX, the library's observers; docs/benchmarks.md).
 * A Prometheus scrape before then answers without them.
 */
public final class RuntimeMetrics {
  /** How long after the start the metrics are registered at the latest, unless the first OTLP export is sooner. */
  static final Duration AFTER_START = Duration.ofSeconds(5);

  private RuntimeMetrics() {}

  /**
   * When to register: {@link #AFTER_START}, or half the metric export interval if that is
   * shorter, so the first periodic export has them.
   */
  public static Duration delay(Duration exportInterval) {
    Duration half = exportInterval == null ? AFTER_START : exportInterval.dividedBy(2);
    return half.compareTo(AFTER_START) < 0 ? half : AFTER_START;
  }

  /**
   * Waits on the calling (agent) thread until {@code firstRequest} is counted down (the host's
   * first request ended) or {@code delay} has passed, then registers the metrics on the SDK
   * {@code sdkBuild} built. Nothing happens when the build failed or the thread is interrupted;
   * a failure to register is logged once and leaves the other telemetry as it is.
   */
  public static void registerAfter(Duration delay, CountDownLatch firstRequest, Future<SdkFactory.Built> sdkBuild) {
    SdkFactory.Built built;
    try {
      built = sdkBuild.get();
      firstRequest.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException e) {
      return; // premain reports the build's failure
    }
    try {
      RuntimeTelemetry.create(UnshadedScopes.of(built.sdk()));
      ProcessMemory.register(built.sdk(), UnshadedScopes.of(built.sdk()));
    } catch (RuntimeException | LinkageError e) {
      AgentLog.error("runtime-metrics", "the JVM runtime metrics could not be registered; the other telemetry is on", e);
    }
  }
}
