package io.pixtrace.instrumentation.libvips;

import io.pixtrace.bootstrap.ProcessingStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The processing stage around a libvips function bound as a header class's static method. */
public final class VipsFunctionAdvice {
  private VipsFunctionAdvice() {}

  /** Joins (or starts) the processing span; the method is named as the C function. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#m") String function) {
    return ProcessingStage.libraryOperationStart(LibvipsNames.LIBRARY, function);
  }

  /** Records the outcome (libvips: negative int or NULL pointer = failure) and what it wrote. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation, @Advice.Origin("#m") String function, @Advice.AllArguments Object[] args,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable thrown) {
    if (operation != null) {
      ProcessingStage.readOperationEnd(operation, thrown, LibvipsNames.LIBRARY, function, null, args, result);
    }
  }
}
