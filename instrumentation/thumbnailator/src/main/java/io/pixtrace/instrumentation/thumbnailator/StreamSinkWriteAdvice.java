package io.pixtrace.instrumentation.thumbnailator;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import java.io.ByteArrayOutputStream;
import net.bytebuddy.asm.Advice;

/**
 * Reports the format Thumbnailator encoded to (one image for {@code images_processed_total})
 * and, for a {@link ByteArrayOutputStream}, the bytes it now holds.
 */
public final class StreamSinkWriteAdvice {
  private StreamSinkWriteAdvice() {}

  /** Only on success; nothing when no operation of this thread is under way. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("outputFormat") String format, @Advice.FieldValue("os") Object os) {
    ProcessingStage.nestedImageDetail(ImageCall.output(ProcessingStage.formatName(format), -1, -1,
        os instanceof ByteArrayOutputStream ? ((ByteArrayOutputStream) os).size() : -1));
  }
}
