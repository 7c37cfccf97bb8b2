package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.ExecutorPools;
import io.pixtrace.bootstrap.QueueStage;
import net.bytebuddy.asm.Advice;

/**
 * Gives the rejection handler the host's own task, not the agent's wrapper, and counts the
 * rejection for the pool's {@code jvm.executor.task.rejected}.
 */
public final class RejectAdvice {
  private RejectAdvice() {}

  /** Unwraps the task and marks it rejected. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object pool, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = QueueStage.rejected(task);
    ExecutorPools.rejected(pool);
  }
}
