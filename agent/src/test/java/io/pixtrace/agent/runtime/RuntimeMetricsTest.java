package io.pixtrace.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.pixtrace.agent.sdk.SdkFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RuntimeMetricsTest {
  @Test
  void registeredFiveSecondsAfterStartOrAtHalfTheExportIntervalIfSooner() {
    assertThat(RuntimeMetrics.delay(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(5));
    assertThat(RuntimeMetrics.delay(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    assertThat(RuntimeMetrics.delay(null)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void afterTheFirstRequestTheJvmAndProcessMetricsAreCollected() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build()) {
      assertThat(names(reader.collectAllMetrics())).noneMatch(n -> n.startsWith("jvm."));
      CountDownLatch firstRequest = new CountDownLatch(1);
      firstRequest.countDown();
      long start = System.nanoTime();
      RuntimeMetrics.registerAfter(Duration.ofMinutes(1), firstRequest,
          CompletableFuture.completedFuture(new SdkFactory.Built(sdk, "test", List.of(), true)));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the first request ended: no wait").isLessThan(Duration.ofSeconds(30));
      assertThat(names(reader.collectAllMetrics())).contains("jvm.memory.used", "jvm.thread.count",
          "jvm.buffer.memory.used", "process.memory.usage");
    }
  }

  @Test
  void aFailedSdkBuildRegistersNothingAndThrowsNothing() {
    RuntimeMetrics.registerAfter(Duration.ofMillis(1), new CountDownLatch(1),
        CompletableFuture.failedFuture(new IllegalStateException("bad")));
  }

  private static List<String> names(java.util.Collection<MetricData> metrics) {
    return metrics.stream().map(MetricData::getName).toList();
  }
}
