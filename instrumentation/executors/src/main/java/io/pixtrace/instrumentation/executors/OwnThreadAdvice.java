package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import net.bytebuddy.asm.Advice;

/** A thread-per-task executor's hand-off: the task carries the request's context, no queue span. */
public final class OwnThreadAdvice {
  private OwnThreadAdvice() {}

  /** Replaces the task with a context-carrying wrapper when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object executor, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    Runnable wrapped = QueueStage.wrapOwnThread(task, executor);
    if (wrapped != null) {
      task = wrapped;
    }
  }
}
