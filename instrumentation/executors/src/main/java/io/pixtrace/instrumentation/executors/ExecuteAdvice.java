package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import net.bytebuddy.asm.Advice;

/** Wraps the task handed to {@code execute} so it carries the request's context and queue span. */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  /** Replaces the task with its wrapper when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Runnable enter(
      @Advice.This Object executor, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    Runnable wrapped = QueueStage.wrap(task, executor);
    if (wrapped != null) {
      task = wrapped;
    }
    return wrapped;
  }

  /** Ends the queue span with an error when the executor rejected the task. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Runnable wrapped, @Advice.Thrown Throwable thrown) {
    QueueStage.handedOff(wrapped, thrown);
  }
}
