package io.pixtrace.instrumentation.webflux;

import io.pixtrace.bootstrap.ServerStage;
import net.bytebuddy.asm.Advice;

/** A {@code WebExceptionHandler} handles an exception of the request: recorded if the answer is a 5xx. */
public final class ExceptionHandlerAdvice {
  private ExceptionHandlerAdvice() {}

  /** Hands the exception to the server stage. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(1) Throwable exception) {
    ServerStage.handledException(exception);
  }
}
