package io.pixtrace.bootstrap;

/**
 * Reads what one call of an imaging library revealed (formats, size in pixels, bytes), for
 * the processing span. Advice cannot name a host library's types, so the library's
 * instrumentation implements this with the library's public API and registers it with
 * {@link ProcessingStage#reader(String, ImageCallReader)}. Must never throw; answers
 * {@code null} when the call revealed nothing.
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
  ImageCallInfo read(String method, Object self, Object[] args, Object result);

  /**
   * What one call revealed; {@code null} or {@code -1} where unknown. Formats are lower-case
   * short names ({@code jpeg}, {@code png}, {@code webp}); sizes are pixels, bytes.
   */
  record ImageCallInfo(String inputFormat, String outputFormat, int width, int height, long size) {}
}
