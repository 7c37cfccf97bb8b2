package io.pixtrace.instrumentation.httpserver;

import io.pixtrace.bootstrap.ServerStage;
import net.bytebuddy.asm.Advice;

/**
 * {@code sun.net.httpserver.ExchangeImpl.close()}: the exchange is over (also when no response
 * was sent and the JDK closes the connection).
 */
public final class ResponseCompleteAdvice {
  private ResponseCompleteAdvice() {}

  /** Reports the exchange complete to the server stage. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object exchange) {
    ServerStage.responseComplete(exchange);
  }
}
