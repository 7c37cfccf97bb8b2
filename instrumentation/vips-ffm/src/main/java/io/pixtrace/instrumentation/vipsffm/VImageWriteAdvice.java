package io.pixtrace.instrumentation.vipsffm;

import io.pixtrace.bootstrap.ProcessingStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The processing stage around {@code VImage.writeToMemory()} (libvips'
 * {@code image_write_to_memory}) or {@code VImage.write(VImage)} ({@code image_write}), which
 * call libvips without {@code VipsInvoker}.
 */
public final class VImageWriteAdvice {
  private VImageWriteAdvice() {}

  /** Joins or starts the processing span. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#m") String method) {
    return ProcessingStage.libraryOperationStart(VipsFfmModule.NAME,
        method.equals("write") ? "image_write" : "image_write_to_memory");
  }

  /** Records the outcome, the image's size in pixels and, for memory, the bytes written. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation, @Advice.Origin("#m") String method, @Advice.This Object self,
      @Advice.AllArguments Object[] args, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    if (operation != null) {
      ProcessingStage.readOperationEnd(operation, thrown, VipsFfmModule.NAME, method, self, args, result);
    }
  }
}
