package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.StageContext;
import java.util.concurrent.Executor;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code CompletableFuture.bi*Stage/or*Stage(Executor, other, callback)}: the new stage's callback and
 * executor carry the creating code's context.
 */
public final class BiStageAdvice {
  private BiStageAdvice() {}

  /** Swaps in the context-carrying callback and executor when there is a context. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Origin("#m") String stage,
      @Advice.Argument(value = 0, readOnly = false) Executor executor,
      @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback) {
    Object context = StageContext.capture();
    if (context != null) {
      callback = StageContext.callback(context, stage, callback);
      executor = StageContext.executor(context, executor);
    }
  }
}
