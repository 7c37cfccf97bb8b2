package io.pixtrace.instrumentation.httpserver;

import io.pixtrace.bootstrap.HttpServerAdapter;
import io.pixtrace.bootstrap.Adapters;
import io.pixtrace.bootstrap.ServerStage;
import net.bytebuddy.asm.Advice;

/** Starts and ends the request stage around {@code Filter.Chain.doFilter}. */
public final class FilterChainAdvice {
  private FilterChainAdvice() {}

  /** Starts the SERVER span; {@code null} for nested chains or when off. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object exchange) {
    return ServerStage.start(Adapters.get(HttpServerAdapter.class, JdkHttpServerModule.NAME), exchange);
  }

  /** Ends it with the status sent or what the handler threw. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object request, @Advice.Argument(0) Object exchange, @Advice.Thrown Throwable thrown) {
    ServerStage.end(Adapters.get(HttpServerAdapter.class, JdkHttpServerModule.NAME), request, exchange, thrown);
  }
}
