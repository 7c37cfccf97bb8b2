package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * {@code scheduleAtFixedRate} and {@code scheduleWithFixedDelay(Runnable, initialDelay, period,
 * unit)}: runs during the request carry its context.
 */
public final class SchedulePeriodicAdvice {
  private SchedulePeriodicAdvice() {}

  /** Replaces the task with its wrapper when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object executor,
      @Advice.Argument(value = 0, readOnly = false) Runnable task,
      @Advice.Argument(1) long initialDelay, @Advice.Argument(2) long period, @Advice.Argument(3) TimeUnit unit,
      @Advice.Origin("#m") String method) {
    Runnable wrapped = QueueStage.wrapPeriodic(task, executor, initialDelay, period, unit,
        "scheduleAtFixedRate".equals(method));
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
