package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pool names from worker thread names: the thread factory's prefix, low in cardinality. */
class ExecutorPoolsTest {
  @Test
  void theTrailingNumberOfAWorkerThreadsNameBecomesAStar() {
    assertThat(ExecutorPools.normalize("pool-3-thread-17")).isEqualTo("pool-3-thread-*");
    assertThat(ExecutorPools.normalize("http-nio-8080-exec-1")).isEqualTo("http-nio-8080-exec-*");
    assertThat(ExecutorPools.normalize("avatar-worker-12")).isEqualTo("avatar-worker-*");
    assertThat(ExecutorPools.normalize("ForkJoinPool.commonPool-worker-3")).isEqualTo("ForkJoinPool.commonPool-worker-*");
    assertThat(ExecutorPools.normalize("resizer")).as("no number: kept").isEqualTo("resizer");
    assertThat(ExecutorPools.normalize("42")).isEqualTo("*");
  }
}
