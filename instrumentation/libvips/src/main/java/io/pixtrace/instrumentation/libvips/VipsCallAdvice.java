package io.pixtrace.instrumentation.libvips;

import io.pixtrace.bootstrap.ProcessingStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Processing stage around one libvips call. */
public final class VipsCallAdvice {
  private VipsCallAdvice() {}

  /** Starts (or joins) the processing span; a {@code vips} span for pixel-computing calls. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin("#t") String type, @Advice.Origin("#m") String method,
      @Advice.AllArguments Object[] args) {
    return ProcessingStage.operationStart(type, method, args);
  }

  /** Records the outcome (libvips: negative int or NULL pointer = failure). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation, @Advice.AllArguments Object[] args,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    ProcessingStage.operationEnd(operation, args, result, thrown);
  }
}
