package io.pixtrace.instrumentation.annotations;

import io.pixtrace.bootstrap.WithSpanStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** A {@code @WithSpan} method without {@code @SpanAttribute} parameters: no argument array. */
public final class WithSpanAdvice {
  private WithSpanAdvice() {}

  /** Starts the span and makes it current, when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m") String method,
      @Advice.Origin("#d") String descriptor) {
    return WithSpanStage.start(type, method, descriptor, null);
  }

  /** Ends it (failed when the method threw; at completion for a returned CompletionStage). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object call,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
    WithSpanStage.end(call, returned, thrown);
  }
}
