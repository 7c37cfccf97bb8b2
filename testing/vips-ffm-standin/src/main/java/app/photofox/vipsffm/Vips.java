package app.photofox.vipsffm;

import app.photofox.vipsffm.jextract.VipsRaw;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Stand-in for vips-ffm's {@code Vips}: starts libvips once per process. */
public final class Vips {
  private static boolean initialised;

  private Vips() {}

  /** Starts libvips (idempotent). */
  public static synchronized void init() {
    if (!initialised) {
      try (Arena arena = Arena.ofConfined()) {
        if (VipsRaw.vips_init(arena.allocateFrom("vips-ffm-standin")) != 0) {
          throw error("vips_init");
        }
      }
      initialised = true;
    }
  }

  /** A {@link VipsError} with (and clearing) libvips' error buffer. */
  static VipsError error(String what) {
    MemorySegment buffer = VipsRaw.vips_error_buffer();
    String text = buffer.address() == 0 ? "" : buffer.reinterpret(4096).getString(0).strip();
    VipsRaw.vips_error_clear();
    return new VipsError(text.isEmpty() ? what + " failed" : what + ": " + text);
  }
}
