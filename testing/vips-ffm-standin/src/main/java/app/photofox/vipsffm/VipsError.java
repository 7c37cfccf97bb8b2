package app.photofox.vipsffm;

/** Stand-in for vips-ffm's {@code VipsError}: a libvips call failed (message from libvips' error buffer). */
public class VipsError extends RuntimeException {
  /** An error with libvips' message. */
  public VipsError(String message) {
    super(message);
  }
}
