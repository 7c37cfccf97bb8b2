package app.photofox.vipsffm;

import app.photofox.vipsffm.jextract.VipsRaw;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Stand-in for vips-ffm's {@code VipsInvoker}: runs any libvips operation by nickname the
 * way libvips' binding guide describes (and vips-ffm does): {@code vips_operation_new}, inputs
 * set as GObject properties through GValues, {@code vips_cache_operation_build}, outputs read
 * back as properties. Same names and signatures as vips-ffm's.
 */
public class VipsInvoker {
  private static final long GVALUE_SIZE = 24;

  /** Runs {@code nickname} with {@code args}, without an option string. */
  public static void invokeOperation(Arena arena, String nickname, List<? extends VipsOption> args) throws VipsError {
    invokeOperation(arena, nickname, null, args);
  }

  /**
   * Runs {@code nickname} with {@code args}; {@code stringOptions} (e.g. {@code [Q=90]}) set
   * further options. Outputs are filled into the options that held no value.
   *
   * @throws VipsError when libvips cannot create, configure or build the operation
   */
  public static void invokeOperation(Arena arena, String nickname, String stringOptions,
      List<? extends VipsOption> args) throws VipsError {
    MemorySegment operation = VipsRaw.vips_operation_new(arena.allocateFrom(nickname));
    if (operation.address() == 0) {
      throw Vips.error("failed to create operation for " + nickname);
    }
    if (stringOptions != null && !stringOptions.isBlank()
        && VipsRaw.vips_object_set_from_string(operation, arena.allocateFrom(stringOptions)) != 0) {
      VipsRaw.vips_object_unref_outputs(operation);
      VipsRaw.g_object_unref(operation);
      throw Vips.error("failed to set options for " + nickname);
    }
    for (VipsOption option : args) {
      if (option.hasValue()) {
        set(arena, operation, option);
      }
    }
    MemorySegment built = VipsRaw.vips_cache_operation_build(operation);
    if (built.address() == 0) {
      VipsRaw.vips_object_unref_outputs(operation);
      VipsRaw.g_object_unref(operation);
      throw Vips.error("failed to build operation " + nickname);
    }
    VipsRaw.g_object_unref(operation);
    try {
      for (VipsOption option : args) {
        if (!option.hasValue()) {
          get(arena, built, option);
        }
      }
    } finally {
      VipsRaw.vips_object_unref_outputs(built);
      VipsRaw.g_object_unref(built);
    }
  }

  private static void set(Arena arena, MemorySegment operation, VipsOption option) {
    MemorySegment gvalue = arena.allocate(GVALUE_SIZE, 8);
    switch (option) {
      case VipsOption.Int o -> {
        VipsRaw.g_value_init(gvalue, VipsRaw.G_TYPE_INT());
        VipsRaw.g_value_set_int(gvalue, o.value().orElseThrow());
      }
      case VipsOption.Str o -> {
        VipsRaw.g_value_init(gvalue, VipsRaw.G_TYPE_STRING());
        VipsRaw.g_value_set_string(gvalue, arena.allocateFrom(o.value().orElseThrow()));
      }
      case VipsOption.Image o -> {
        VipsRaw.g_value_init(gvalue, VipsRaw.vips_image_get_type());
        VipsRaw.g_value_set_object(gvalue, o.value().orElseThrow().address);
      }
      case VipsOption.Source o -> {
        VipsRaw.g_value_init(gvalue, VipsRaw.vips_source_get_type());
        VipsRaw.g_value_set_object(gvalue, o.value().orElseThrow().address);
      }
      case VipsOption.Blob o -> throw new VipsError("blob inputs are not supported by the stand-in");
    }
    try {
      VipsRaw.g_object_set_property(operation, arena.allocateFrom(option.key()), gvalue);
    } finally {
      VipsRaw.g_value_unset(gvalue);
    }
  }

  private static void get(Arena arena, MemorySegment operation, VipsOption option) {
    MemorySegment gvalue = arena.allocate(GVALUE_SIZE, 8);
    MemorySegment key = arena.allocateFrom(option.key());
    try {
      switch (option) {
        case VipsOption.Image o -> {
          VipsRaw.g_value_init(gvalue, VipsRaw.vips_image_get_type());
          VipsRaw.g_object_get_property(operation, key, gvalue);
          MemorySegment image = VipsRaw.g_object_ref(VipsRaw.g_value_get_object(gvalue));
          o.box().set(java.util.Optional.of(new VImage(arena, image.reinterpret(arena, VipsRaw::g_object_unref))));
        }
        case VipsOption.Blob o -> {
          VipsRaw.g_value_init(gvalue, VipsRaw.vips_blob_get_type());
          VipsRaw.g_object_get_property(operation, key, gvalue);
          MemorySegment area = VipsRaw.vips_area_copy(VipsRaw.g_value_get_boxed(gvalue));
          o.box().set(java.util.Optional.of(new VBlob(arena, area.reinterpret(arena, VipsRaw::vips_area_unref))));
        }
        case VipsOption.Int o -> {
          VipsRaw.g_value_init(gvalue, VipsRaw.G_TYPE_INT());
          VipsRaw.g_object_get_property(operation, key, gvalue);
          o.box().set(java.util.Optional.of(VipsRaw.g_value_get_int(gvalue)));
        }
        default -> throw new VipsError("output kind not supported by the stand-in: " + option);
      }
    } finally {
      VipsRaw.g_value_unset(gvalue);
    }
  }
}
