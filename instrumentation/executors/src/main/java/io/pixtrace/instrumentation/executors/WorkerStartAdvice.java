package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.ExecutorPools;
import net.bytebuddy.asm.Advice;

/**
 * {@code ThreadPoolExecutor.runWorker}: a worker thread of the pool starts (once per thread,
 * not per task), and the pool gets saturation gauges named after the thread.
 */
public final class WorkerStartAdvice {
  private WorkerStartAdvice() {}

  /** Registers the pool. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object pool) {
    ExecutorPools.workerStarted(pool);
  }
}
