package io.pixtrace.instrumentation.thumbnailator;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import net.bytebuddy.asm.Advice;

/** Reports the input format a Thumbnailator task decoded (e.g. {@code JPEG} → {@code jpeg}). */
public final class TaskReadAdvice {
  private TaskReadAdvice() {}

  /** Only on success; nothing when no operation of this thread is under way. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("inputFormatName") String inputFormat) {
    ProcessingStage.nestedImageDetail(ImageCall.input(ProcessingStage.formatName(inputFormat)));
  }
}
