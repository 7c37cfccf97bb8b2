package io.pixtrace.instrumentation.imageio;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ProcessingStage;
import javax.imageio.ImageReader;
import net.bytebuddy.asm.Advice;

/**
 * Processing stage around {@code ImageReader.read(int, ImageReadParam)}. Inside another image
 * operation of the thread (e.g. {@code ImageIO.read}) it starts nothing and only adds the
 * input format to the span the outer call owns.
 */
public final class ImageReaderAdvice {
  private ImageReaderAdvice() {}

  /** Joins or starts the thread's processing span. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter() {
    return ProcessingStage.imageOperationStart("ImageReader.read");
  }

  /** Records the outcome and the input format. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This ImageReader reader, @Advice.Enter Object operation,
      @Advice.Thrown Throwable thrown) {
    if (operation == null && thrown != null) {
      return;
    }
    // Inlined into the plugin's class: only JDK and bootstrap types may be named here.
    String format = null;
    try {
      String[] names = reader.getOriginatingProvider() == null ? null : reader.getOriginatingProvider().getFormatNames();
      if (names != null && names.length > 0) {
        format = ProcessingStage.formatName(names[0]);
      } else {
        String n = reader.getClass().getSimpleName();
        String s = n.endsWith("ImageReader") ? "ImageReader" : n.endsWith("Reader") ? "Reader" : null;
        format = s == null || n.length() == s.length() ? null
            : ProcessingStage.formatName(n.substring(0, n.length() - s.length()));
      }
    } catch (Throwable e) {
      format = null; // a plugin's provider misbehaving: no format rather than a stuck operation
    }
    if (operation == null) {
      ProcessingStage.nestedImageDetail(ImageCall.input(format));
      return;
    }
    ProcessingStage.imageOperationEnd(operation, thrown, ImageCall.input(format));
  }
}
