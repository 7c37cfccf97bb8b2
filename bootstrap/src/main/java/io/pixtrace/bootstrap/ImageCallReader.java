package io.pixtrace.bootstrap;

/**
 * Reads what one call of an imaging library revealed (formats, size in pixels, bytes), for
 * the processing span, for advice that hands the call over as it is ({@link
 * ProcessingStage#readOperationEnd}). The library's module implements it and registers it in
 * {@link Adapters} under its name. Must never throw; answers {@code null} when the call
 * revealed nothing.
 */
public interface ImageCallReader {
  /**
   * What a finished call revealed.
   *
   * @param method the called method's name
   * @param self the receiver, or null for a static method
   * @param args the call's arguments
   * @param result the call's return value (null for void or when it threw)
   */
  ImageCall read(String method, Object self, Object[] args, Object result);

  /**
   * The name of the span for the pixel evaluations a call ran
   * ({@link ProcessingStage#evaluationStart}), from the operation name its advice gave
   * {@link ProcessingStage#libraryOperationStart}; libvips' readers answer
   * {@code vips {nickname}}.
   */
  default String evaluationSpanName(String operation) {
    return operation;
  }

}
