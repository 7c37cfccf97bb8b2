package io.pixtrace.instrumentation.vipsffm;

import io.pixtrace.bootstrap.ProcessingStage;
import net.bytebuddy.asm.Advice;

/** The processing stage around one libvips operation run by vips-ffm. */
public final class InvokeOperationAdvice {
  private InvokeOperationAdvice() {}

  /** Joins or starts the processing span. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(1) String nickname) {
    return ProcessingStage.libraryOperationStart(VipsFfmModule.NAME, nickname);
  }

  /** Records the outcome (vips-ffm throws {@code VipsError} on failure) and what it wrote. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation, @Advice.AllArguments Object[] args, @Advice.Thrown Throwable thrown) {
    if (operation != null) {
      ProcessingStage.readOperationEnd(operation, thrown, VipsFfmModule.NAME, "invokeOperation", null, args, null);
    }
  }
}
