package io.pixtrace.instrumentation.tomcat.threads;

import io.pixtrace.bootstrap.ExecutorPools;
import net.bytebuddy.asm.Advice;

/** A worker thread of the pool starts: the pool gets gauges, named after the thread. */
public final class WorkerStartAdvice {
  private WorkerStartAdvice() {}

  /** Registers the pool. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object pool) {
    ExecutorPools.workerStarted(pool);
  }
}
