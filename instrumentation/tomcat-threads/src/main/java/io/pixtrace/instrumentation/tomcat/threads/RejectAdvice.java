package io.pixtrace.instrumentation.tomcat.threads;

import io.pixtrace.bootstrap.ExecutorPools;
import net.bytebuddy.asm.Advice;

/** The pool invokes its rejection handler: one more {@code jvm.executor.task.rejected}. */
public final class RejectAdvice {
  private RejectAdvice() {}

  /** Counts the rejection. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object pool) {
    ExecutorPools.rejected(pool);
  }
}
