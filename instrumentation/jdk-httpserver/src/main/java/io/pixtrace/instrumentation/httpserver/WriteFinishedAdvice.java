package io.pixtrace.instrumentation.httpserver;

import io.pixtrace.bootstrap.ServerStage;
import net.bytebuddy.asm.Advice;

/**
 * The JDK server's "write finished" event is created: the response body stream of the
 * exchange (its argument) was closed and the last byte written.
 */
public final class WriteFinishedAdvice {
  private WriteFinishedAdvice() {}

  /** Reports the exchange complete to the server stage. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object exchange) {
    ServerStage.responseComplete(exchange);
  }
}
