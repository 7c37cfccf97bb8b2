package io.pixtrace.instrumentation.thumbnailator;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import java.io.File;
import net.bytebuddy.asm.Advice;

/** Reports the size in bytes of the file Thumbnailator wrote. */
public final class FileSinkWriteAdvice {
  private FileSinkWriteAdvice() {}

  /** Only on success; nothing when no operation of this thread is under way. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("destinationFile") File file) {
    if (file != null) {
      ProcessingStage.nestedImageDetail(ImageCall.bytes(file.length()));
    }
  }
}
