package io.pixtrace.bootstrap;

/**
 * Reads what a libvips call's native arguments and results say (formats, sizes, errors).
 * Implemented with the FFM API on Java 22+ in {@code instrumentation/libvips}; pointer
 * arguments arrive as {@code Object} (a {@code java.lang.foreign.MemorySegment}).
 * Every method returns {@code null} or {@code -1} when the value cannot be read, never throws.
 */
public interface VipsNative {
  /** Its name in {@link Adapters}: the libvips module's. */
  String NAME = "libvips";

  /** Whether the value is a NULL pointer. */
  boolean isNull(Object pointer);

  /** Reads a NUL-terminated C string, or null. */
  String cString(Object pointer);

  /** Reads the {@code size_t} a pointer points to (an out-parameter), or -1. */
  long sizeAt(Object pointer);

  /** Width in pixels of a {@code VipsImage*}, or -1. */
  int imageWidth(Object image);

  /** Height in pixels of a {@code VipsImage*}, or -1. */
  int imageHeight(Object image);

  /** The loader libvips would pick for a buffer, e.g. {@code jpegload_buffer}, or null. */
  String loaderForBuffer(Object buffer, long length);

  /** The text of libvips' error buffer (not cleared), or null. */
  String errorBuffer();
}
