package io.pixtrace.instrumentation.thumbnailator;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import java.awt.image.RenderedImage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The processing stage around one {@code Thumbnailator.createThumbnail*} call. */
public final class CreateThumbnailAdvice {
  private CreateThumbnailAdvice() {}

  /** Joins or starts the thread's processing span; null when nested or outside a request. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter() {
    return ProcessingStage.imageOperationStart("Thumbnailator.createThumbnail");
  }

  /** Records the outcome; an in-memory thumbnail returned reveals its size in pixels. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    if (operation == null) {
      return;
    }
    RenderedImage image = result instanceof RenderedImage ? (RenderedImage) result : null;
    ProcessingStage.imageOperationEnd(operation, thrown,
        image == null ? ImageCall.NOTHING : ImageCall.pixels(image.getWidth(), image.getHeight()));
  }
}
