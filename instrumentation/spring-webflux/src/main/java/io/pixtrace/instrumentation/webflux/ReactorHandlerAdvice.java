package io.pixtrace.instrumentation.webflux;

import io.pixtrace.bootstrap.ReactiveStage;
import io.pixtrace.bootstrap.ServerStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code ReactorHttpHandlerAdapter.apply(request, response)}: starts the request, and makes
 * the returned {@code Mono<Void>} run in its context and end it when it terminates.
 */
public final class ReactorHandlerAdvice {
  private ReactorHandlerAdvice() {}

  /** Starts the SERVER span; {@code null} when nothing is traced. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin Class<?> type, @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response, @Advice.Local("exchange") Object exchange) {
    ReactiveStage.Support support = ReactiveStage.support(type);
    if (support == null) {
      return null;
    }
    exchange = new ReactiveStage.Exchange(request, response);
    return ServerStage.start(support.serverAdapter(), exchange);
  }

  /** Wraps the handler's {@code Mono}; the request ends when it terminates, or now if the call threw. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Origin Class<?> type, @Advice.Enter Object handle,
      @Advice.Local("exchange") Object exchange, @Advice.Argument(0) Object request,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object mono, @Advice.Thrown Throwable thrown) {
    if (handle == null) {
      return;
    }
    ReactiveStage.Support support = ReactiveStage.support(type);
    if (thrown == null && mono != null) {
      mono = support.serverResponse(mono, ServerStage.contextOf(handle), request);
    }
    ServerStage.end(support.serverAdapter(), handle, exchange, thrown);
  }
}
