package io.pixtrace.instrumentation.imageio;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import java.awt.image.RenderedImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriter;
import net.bytebuddy.asm.Advice;

/**
 * Processing stage around {@code ImageWriter.write(IIOMetadata, IIOImage, ImageWriteParam)}:
 * output format and size in pixels (bytes are not knowable from an ImageOutputStream). Inside
 * another image operation of the thread (e.g. {@code ImageIO.write}, Thumbnailator's sink) it
 * records nothing: the outer call reports the image, and counts it once.
 */
public final class ImageWriterAdvice {
  private ImageWriterAdvice() {}

  /** Joins or starts the thread's processing span. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter() {
    return ProcessingStage.imageOperationStart("ImageWriter.write");
  }

  /** Records the outcome, the output format and the image's width and height. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This ImageWriter writer, @Advice.Enter Object operation,
      @Advice.Argument(1) IIOImage image, @Advice.Thrown Throwable thrown) {
    if (operation == null) {
      return;
    }
    if (thrown != null) {
      ProcessingStage.imageOperationEnd(operation, thrown, ImageCall.NOTHING);
      return;
    }
    // Inlined into the plugin's class: only JDK and bootstrap types may be named here.
    String format = null;
    int width = -1;
    int height = -1;
    try {
      RenderedImage rendered = image == null ? null : image.getRenderedImage();
      if (rendered != null) {
        width = rendered.getWidth();
        height = rendered.getHeight();
      }
      String[] names = writer.getOriginatingProvider() == null ? null : writer.getOriginatingProvider().getFormatNames();
      if (names != null && names.length > 0) {
        format = ProcessingStage.formatName(names[0]);
      } else {
        String n = writer.getClass().getSimpleName();
        String s = n.endsWith("ImageWriter") ? "ImageWriter" : n.endsWith("Writer") ? "Writer" : null;
        format = s == null || n.length() == s.length() ? null
            : ProcessingStage.formatName(n.substring(0, n.length() - s.length()));
      }
    } catch (Throwable e) {
      format = null; // a plugin's provider misbehaving: nothing known rather than a stuck operation
    }
    ProcessingStage.imageOperationEnd(operation, null, ImageCall.output(format, width, height, -1));
  }
}
