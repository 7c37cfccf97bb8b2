package io.pixtrace.instrumentation.imageio;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Processing stage around an ImageIO read or write. ImageIO reports "no codec" by returning
 * {@code null} (read) or {@code false} (write) rather than throwing: both count as failures.
 */
public final class ImageIoAdvice {
  private ImageIoAdvice() {}

  /** Joins or starts the thread's processing span. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#m") String method) {
    return ProcessingStage.imageOperationStart("ImageIO." + method);
  }

  /** Records the outcome, and for writes the format, size in pixels and bytes written. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object operation, @Advice.Origin("#m") String method,
      @Advice.AllArguments Object[] args, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    if (operation == null) {
      return;
    }
    if (method.equals("read")) {
      if (thrown == null && result == null) {
        ProcessingStage.imageOperationFailed(operation, "no ImageIO reader could decode the input");
      } else {
        ProcessingStage.imageOperationEnd(operation, thrown, ImageCall.NOTHING);
      }
      return;
    }
    RenderedImage image = (RenderedImage) args[0];
    String format = String.valueOf(args[1]).toLowerCase(java.util.Locale.ROOT);
    long size = args[2] instanceof File ? ((File) args[2]).length()
        : args[2] instanceof ByteArrayOutputStream ? ((ByteArrayOutputStream) args[2]).size() : -1;
    if (thrown == null && Boolean.FALSE.equals(result)) {
      ProcessingStage.imageOperationFailed(operation, "no ImageIO writer for format " + format);
      return;
    }
    ProcessingStage.imageOperationEnd(operation, thrown, ImageCall.output(format.equals("jpg") ? "jpeg" : format,
        image == null ? -1 : image.getWidth(), image == null ? -1 : image.getHeight(), size));
  }
}
