package io.pixtrace.instrumentation.jetty.threads;

import io.pixtrace.bootstrap.ExecutorPools;
import net.bytebuddy.asm.Advice;

/** The pool started: it gets gauges under its own name. */
public final class PoolStartAdvice {
  private PoolStartAdvice() {}

  /** Registers the pool once it started (a start that threw registers nothing). */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object pool) {
    ExecutorPools.poolStarted(pool);
  }
}
