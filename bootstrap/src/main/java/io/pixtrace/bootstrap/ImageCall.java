package io.pixtrace.bootstrap;

/**
 * What one call of an imaging library revealed about the image, for the processing span
 * (docs/telemetry.md, {@code processing_image}): {@code null} or {@code -1} where unknown.
 * {@code failure} is the message of a call that failed without throwing (libvips' negative
 * result or NULL pointer), or null.
 * Formats are lower-case short names ({@code jpeg}, {@code png}, {@code webp}; see
 * {@link ProcessingStage#formatName}); {@code width} and {@code height} are pixels of the
 * image written or produced, {@code size} is bytes written.
 */
public record ImageCall(String inputFormat, String outputFormat, int width, int height, long size, String failure) {
  /** A call that revealed nothing. */
  public static final ImageCall NOTHING = new ImageCall(null, null, -1, -1, -1, null);

  /** A decode: the format read. */
  public static ImageCall input(String format) {
    return new ImageCall(format, null, -1, -1, -1, null);
  }

  /** An encode: the format written, the image's pixels and the bytes written (-1 when unknown). */
  public static ImageCall output(String format, int width, int height, long size) {
    return new ImageCall(null, format, width, height, size, null);
  }

  /** An image produced in memory (a resize, a thumbnail): its size in pixels. */
  public static ImageCall pixels(int width, int height) {
    return new ImageCall(null, null, width, height, -1, null);
  }

  /** Bytes written, nothing else known. */
  public static ImageCall bytes(long size) {
    return new ImageCall(null, null, -1, -1, size, null);
  }

  /** A call that failed without throwing, with the library's message. */
  public static ImageCall failed(String message) {
    return new ImageCall(null, null, -1, -1, -1, message);
  }

  boolean hasOutput() {
    return outputFormat != null || width > 0 || height > 0 || size >= 0;
  }
}
