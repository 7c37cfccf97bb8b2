package app.photofox.vipsffm;

import app.photofox.vipsffm.jextract.VipsRaw;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Stand-in for vips-ffm's {@code VSource}: a libvips source over bytes held by the arena. */
public final class VSource {
  final MemorySegment address;

  private VSource(MemorySegment address) {
    this.address = address;
  }

  /** A source reading a copy of {@code bytes}; both live as long as the arena. */
  public static VSource newFromBytes(Arena arena, byte[] bytes) {
    MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
    MemorySegment source = VipsRaw.vips_source_new_from_memory(data, bytes.length);
    if (source.address() == 0) {
      throw Vips.error("vips_source_new_from_memory");
    }
    return new VSource(source.reinterpret(arena, VipsRaw::g_object_unref));
  }
}
