package io.pixtrace.instrumentation.servlet;

import io.pixtrace.bootstrap.QueueStage;
import net.bytebuddy.asm.Advice;

/**
 * {@code javax.servlet.AsyncContext.start(Runnable)}: the task runs on a container thread in
 * the context of the request the async context belongs to (its {@code io.pixtrace.request}
 * attribute), whichever thread called {@code start}.
 */
public final class JavaxAsyncStartAdvice {
  private JavaxAsyncStartAdvice() {}

  /** Replaces the task with one that carries the request's context. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object asyncContext, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    Object request = ((javax.servlet.AsyncContext) asyncContext).getRequest().getAttribute("io.pixtrace.request");
    Runnable wrapped = QueueStage.wrapForRequest(task, request, asyncContext);
    if (wrapped != null) {
      task = wrapped;
    }
  }
}
