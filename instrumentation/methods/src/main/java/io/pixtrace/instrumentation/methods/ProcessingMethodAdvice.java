package io.pixtrace.instrumentation.methods;

import io.pixtrace.bootstrap.MethodStage;
import net.bytebuddy.asm.Advice;

/** A configured processing method: the processing stage around it. */
public final class ProcessingMethodAdvice {
  private ProcessingMethodAdvice() {}

  /** Starts the stage's span when a request is in flight. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
    return MethodStage.processingStart(type, method);
  }

  /** Ends it, failed when the method threw. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable thrown) {
    MethodStage.processingEnd(call, thrown);
  }
}
