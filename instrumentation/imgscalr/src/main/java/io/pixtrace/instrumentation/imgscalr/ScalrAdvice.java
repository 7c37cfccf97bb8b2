package io.pixtrace.instrumentation.imgscalr;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import java.awt.image.RenderedImage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The processing stage around one {@code Scalr} operation. */
public final class ScalrAdvice {
  private ScalrAdvice() {}

  /**
   * Joins or starts the thread's processing span; null when nested or outside a request.
   * imgscalr 4.2's class files are Java 5: advice inlined there must not use
   * {@code invokedynamic} (string concatenation, lambdas), so the name comes whole from
   * {@code @Advice.Origin}.
   */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("Scalr.#m") String operation) {
    return ProcessingStage.imageOperationStart(operation);
  }

  /** Records the outcome and the size in pixels of the image returned. */
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
