package app.photofox.vipsffm;

import app.photofox.vipsffm.jextract.VipsRaw;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stand-in for vips-ffm's {@code VImage}, with the same shapes: operations go through
 * {@link VipsInvoker#invokeOperation}, while {@link #writeToMemory()} and {@link #write(VImage)}
 * call libvips directly. Only the operations the test host uses.
 */
public final class VImage {
  private final Arena arena;
  final MemorySegment address;

  VImage(Arena arena, MemorySegment address) {
    if (address.address() == 0) {
      throw new VipsError("invalid pointer used for creation");
    }
    this.arena = arena;
    this.address = address;
  }

  /** The {@code VipsImage*}. */
  public MemorySegment getUnsafeStructAddress() {
    return address;
  }

  /** Width in pixels. */
  public int getWidth() {
    return VipsRaw.vips_image_get_width(address);
  }

  /** Height in pixels. */
  public int getHeight() {
    return VipsRaw.vips_image_get_height(address);
  }

  /** Decodes encoded bytes (any format libvips loads) through a source, as vips-ffm does. */
  public static VImage newFromBytes(Arena arena, byte[] bytes, String optionString, VipsOption... options) {
    VSource source = VSource.newFromBytes(arena, bytes);
    MemorySegment loader = VipsRaw.vips_foreign_find_load_source(source.address);
    if (loader.address() == 0) {
      throw Vips.error("vips_foreign_find_load_source");
    }
    VipsOption.Image out = VipsOption.Image("out");
    List<VipsOption> args = new ArrayList<>(Arrays.asList(options));
    args.add(VipsOption.Source("source", source));
    args.add(out);
    VipsInvoker.invokeOperation(arena, loader.reinterpret(256).getString(0), optionString, args);
    return out.value().orElseThrow();
  }

  /** See {@link #newFromBytes(Arena, byte[], String, VipsOption...)}. */
  public static VImage newFromBytes(Arena arena, byte[] bytes, VipsOption... options) {
    return newFromBytes(arena, bytes, "", options);
  }

  /** A new empty image to {@link #write(VImage)} into. */
  public static VImage newImage(Arena arena) {
    return new VImage(arena, VipsRaw.vips_image_new().reinterpret(arena, VipsRaw::g_object_unref));
  }

  /** libvips' {@code thumbnail_image}: scales to {@code width} pixels wide. */
  public VImage thumbnailImage(int width, VipsOption... args) {
    VipsOption.Image out = VipsOption.Image("out");
    List<VipsOption> callArgs = new ArrayList<>(Arrays.asList(args));
    callArgs.add(VipsOption.Image("in", this));
    callArgs.add(out);
    callArgs.add(VipsOption.Int("width", width));
    VipsInvoker.invokeOperation(arena, "thumbnail_image", callArgs);
    return out.value().orElseThrow();
  }

  /** libvips' {@code jpegsave_buffer}. */
  public VBlob jpegsaveBuffer(VipsOption... args) {
    return saveBuffer("jpegsave_buffer", args);
  }

  /** libvips' {@code pngsave_buffer}. */
  public VBlob pngsaveBuffer(VipsOption... args) {
    return saveBuffer("pngsave_buffer", args);
  }

  private VBlob saveBuffer(String nickname, VipsOption... args) {
    VipsOption.Blob buffer = VipsOption.Blob("buffer");
    List<VipsOption> callArgs = new ArrayList<>(Arrays.asList(args));
    callArgs.add(VipsOption.Image("in", this));
    callArgs.add(buffer);
    VipsInvoker.invokeOperation(arena, nickname, callArgs);
    return buffer.value().orElseThrow();
  }

  /** Copies this image's pixels into {@code out} ({@code vips_image_write}). */
  public VImage write(VImage out) {
    if (VipsRaw.vips_image_write(this.address, out.address) != 0) {
      throw Vips.error("vips_image_write");
    }
    return out;
  }

  /** This image's raw pixels ({@code vips_image_write_to_memory}), freed when the arena closes. */
  public MemorySegment writeToMemory() {
    MemorySegment length = arena.allocate(VipsRaw.C_LONG);
    MemorySegment memory = VipsRaw.vips_image_write_to_memory(this.address, length);
    if (memory.address() == 0) {
      throw Vips.error("vips_image_write_to_memory");
    }
    return memory.reinterpret(length.get(VipsRaw.C_LONG, 0), arena, VipsRaw::g_free);
  }
}
