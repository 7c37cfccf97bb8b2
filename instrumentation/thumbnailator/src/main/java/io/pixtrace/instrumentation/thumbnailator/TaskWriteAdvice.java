package io.pixtrace.instrumentation.thumbnailator;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import java.awt.image.RenderedImage;
import net.bytebuddy.asm.Advice;

/** Reports the size in pixels of the thumbnail a Thumbnailator task wrote. */
public final class TaskWriteAdvice {
  private TaskWriteAdvice() {}

  /** Only on success; nothing when no operation of this thread is under way. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object image) {
    if (image instanceof RenderedImage) {
      RenderedImage i = (RenderedImage) image;
      ProcessingStage.nestedImageDetail(ImageCall.pixels(i.getWidth(), i.getHeight()));
    }
  }
}
