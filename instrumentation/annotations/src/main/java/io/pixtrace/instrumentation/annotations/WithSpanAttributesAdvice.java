package io.pixtrace.instrumentation.annotations;

import io.pixtrace.bootstrap.WithSpanStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** A {@code @WithSpan} method with {@code @SpanAttribute} parameters: the arguments become attributes. */
public final class WithSpanAttributesAdvice {
  private WithSpanAttributesAdvice() {}

  /** Starts the span with the parameters' attributes and makes it current, when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m") String method,
      @Advice.Origin("#d") String descriptor, @Advice.AllArguments Object[] args) {
    return WithSpanStage.start(type, method, descriptor, args);
  }

  /** Ends it (failed when the method threw; at completion for a returned CompletionStage). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object call,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
    WithSpanStage.end(call, returned, thrown);
  }
}
