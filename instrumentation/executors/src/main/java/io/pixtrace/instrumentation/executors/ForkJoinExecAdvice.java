package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import net.bytebuddy.asm.Advice;

/** Runs a fork/join task noted during a request with that request's context. */
public final class ForkJoinExecAdvice {
  private ForkJoinExecAdvice() {}

  /** Makes the noted context current (one volatile read when nothing is noted). */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object task) {
    return QueueStage.forkJoinStarted(task);
  }

  /** Closes it: the worker returns to the pool with no context. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope) {
    QueueStage.forkJoinFinished(scope);
  }
}
