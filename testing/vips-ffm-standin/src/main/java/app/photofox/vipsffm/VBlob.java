package app.photofox.vipsffm;

import app.photofox.vipsffm.jextract.VipsRaw;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Stand-in for vips-ffm's {@code VBlob}: a libvips blob (encoded bytes) referenced until the arena closes. */
public final class VBlob {
  private final Arena arena;
  final MemorySegment address;

  VBlob(Arena arena, MemorySegment address) {
    this.arena = arena;
    this.address = address;
  }

  /** The blob's bytes, as a segment valid while the arena is open. */
  public MemorySegment getUnsafeDataAddress() {
    MemorySegment length = arena.allocate(VipsRaw.C_LONG);
    MemorySegment data = VipsRaw.vips_area_get_data(address, length, MemorySegment.NULL, MemorySegment.NULL,
        MemorySegment.NULL);
    long n = length.get(VipsRaw.C_LONG, 0);
    return data.reinterpret(n);
  }

  /** Size of the blob's data in bytes. */
  public long byteSize() {
    return getUnsafeDataAddress().byteSize();
  }

  /** The blob's struct address. */
  public MemorySegment getUnsafeStructAddress() {
    return address;
  }
}
