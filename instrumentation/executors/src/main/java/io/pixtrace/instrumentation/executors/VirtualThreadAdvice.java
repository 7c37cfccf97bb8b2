package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import net.bytebuddy.asm.Advice;

/** {@code VirtualThread(scheduler, name, characteristics, task)}: the task carries the request's context. */
public final class VirtualThreadAdvice {
  private VirtualThreadAdvice() {}

  /** Replaces the task with a context-carrying wrapper when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 3, readOnly = false) Runnable task) {
    Runnable wrapped = QueueStage.wrapOwnThread(task, null);
    if (wrapped != null) {
      task = wrapped;
    }
  }
}
