package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/** {@code schedule(Callable, delay, unit)}: the task carries the request's context. */
public final class ScheduleCallableAdvice {
  private ScheduleCallableAdvice() {}

  /** Replaces the task with its wrapper when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object executor,
      @Advice.Argument(value = 0, readOnly = false) Callable<?> task,
      @Advice.Argument(1) long delay, @Advice.Argument(2) TimeUnit unit) {
    Callable<?> wrapped = QueueStage.wrapScheduled(task, executor, delay, unit);
    if (wrapped != null) {
      task = wrapped;
    }
    return wrapped;
  }

  /** A rejected task ends with a failed queue span. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object wrapped, @Advice.Thrown Throwable thrown) {
    QueueStage.handedOff(wrapped, thrown);
  }
}
