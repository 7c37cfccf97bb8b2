package io.pixtrace.instrumentation.libvips;

import io.pixtrace.bootstrap.ProcessingStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The processing stage around a variadic libvips function: {@code apply} on jextract's
 * invoker class, which is named as the C function ({@code vips_h$vips_thumbnail}).
 */
public final class VipsInvokerAdvice {
  private VipsInvokerAdvice() {}

  /** Joins (or starts) the processing span. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#t") String invoker) {
    return ProcessingStage.libraryOperationStart(LibvipsNames.LIBRARY, invoker);
  }

  /** Records the outcome (libvips: negative int or NULL pointer = failure) and what it wrote. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation, @Advice.Origin("#t") String invoker, @Advice.AllArguments Object[] args,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable thrown) {
    if (operation != null) {
      ProcessingStage.readOperationEnd(operation, thrown, LibvipsNames.LIBRARY, invoker, null, args, result);
    }
  }
}
