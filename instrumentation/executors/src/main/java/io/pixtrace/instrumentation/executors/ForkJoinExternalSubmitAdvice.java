package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinPool.externalSubmit(ForkJoinTask)}: notes the task with the request's context. */
public final class ForkJoinExternalSubmitAdvice {
  private ForkJoinExternalSubmitAdvice() {}

  /** Notes the task when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object pool, @Advice.Argument(0) Object task) {
    return QueueStage.forkJoinSubmitted(task, pool);
  }

  /** A rejected task (shut-down pool) ends with a failed queue span. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object task, @Advice.Enter Object noted, @Advice.Thrown Throwable thrown) {
    QueueStage.forkJoinHandedOff(task, noted, thrown);
  }
}
