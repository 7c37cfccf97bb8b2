package io.pixtrace.instrumentation.webflux;

import io.pixtrace.bootstrap.ReactiveStage;
import net.bytebuddy.asm.Advice;

/** {@code HttpWebHandlerAdapter.createExchange}: the request's {@code ServerWebExchange}, for the route Spring matches. */
public final class CreateExchangeAdvice {
  private CreateExchangeAdvice() {}

  /** Remembers the exchange on the request in flight. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return Object exchange) {
    ReactiveStage.exchangeCreated(exchange);
  }
}
