package io.pixtrace.instrumentation.libvips;

import java.util.Locale;
import java.util.Set;

/**
 * What libvips' names mean, for the libvips and vips-ffm instrumentations (docs/telemetry.md,
 * "processing_image and vips {operation}"): which C functions are image operations, how C
 * names, nicknames and type names relate, and the image format a loader, saver or file
 * suffix stands for. Plain string work, no libvips needed.
 */
public final class LibvipsNames {
  /** The libvips module's name, under which its call reader is registered. */
  public static final String LIBRARY = "libvips";

  /**
   * Prefixes of libvips C functions that are not image operations: start-up and shutdown,
   * errors, the cache, counters, the object and type system, getters and setters, memory,
   * regions and sinks (the evaluation machinery), and image constructors that hold no image
   * yet.
   */
  private static final String[] NOT_OPERATION_PREFIXES = {
    "vips_init", "vips_shutdown", "vips_thread_shutdown", "vips_error", "vips_cache_",
    "vips_concurrency_", "vips_tracked_", "vips_leak_", "vips_version", "vips_object_",
    "vips_type_", "vips_enum_", "vips_flags_", "vips_value_", "vips_image_get", "vips_image_set",
    "vips_image_remove", "vips_image_hasalpha", "vips_image_map", "vips_foreign_get_",
    "vips_operation_", "vips_interpretation_", "vips_band_format_", "vips_area_", "vips_blob_",
    "vips_array_", "vips_buf_", "vips_path_", "vips_filename_", "vips_block_", "vips_vector_",
    "vips_profile_", "vips_get_", "vips_set_", "vips_g_", "vips_malloc", "vips_free",
    "vips_strdup", "vips_nickname_find", "vips_argument_", "vips_region_", "vips_sink",
    "vips_check_", "vips_format_", "vips_image_new_memory", "vips_image_new_temp_file",
    "vips_image_isMSBfirst", "vips_image_is", "vips_image_pio_", "vips_image_inplace",
    "vips_image_minimise", "vips_image_invalidate", "vips_image_eval", "vips_image_posteval",
    "vips_image_preeval", "vips_image_iskilled", "vips_image_decode_predict",
    "vips_image_history"
  };

  /** C functions that are not image operations although a longer name with the same start is. */
  private static final Set<String> NOT_OPERATIONS = Set.of(
      "vips_image_new" // an empty image; vips_image_new_from_buffer and friends are loads
  );

  private LibvipsNames() {}

  /**
   * Whether a libvips C function name is an image operation that belongs in the processing
   * stage (it starts with {@code vips_} and is none of the housekeeping functions above).
   * jextract's companions ({@code name$handle}) are not.
   */
  public static boolean isOperation(String cName) {
    if (cName == null || !cName.startsWith("vips_") || cName.indexOf('$') >= 0 || NOT_OPERATIONS.contains(cName)) {
      return false;
    }
    for (String prefix : NOT_OPERATION_PREFIXES) {
      if (cName.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The C name of a jextract binding: the method name for a header class's static method, or
   * the nested class's name for a variadic invoker ({@code x.vips_h$vips_thumbnail} →
   * {@code vips_thumbnail}).
   */
  public static String cName(String binding) {
    int i = binding.lastIndexOf('$');
    return i >= 0 ? binding.substring(i + 1) : binding;
  }

  /**
   * An operation's nickname: a C name without {@code vips_} ({@code vips_image_write_to_buffer}
   * → {@code image_write_to_buffer}), or the nickname of a loader or saver type name, as
   * libvips' {@code vips_foreign_find_*} lookups answer them ({@code VipsForeignSaveJpegBuffer}
   * → {@code jpegsave_buffer}, {@code VipsForeignLoadPngFile} → {@code pngload}); other names
   * unchanged.
   */
  public static String nickname(String name) {
    if (name.startsWith("vips_")) {
      return name.substring("vips_".length());
    }
    for (String kind : new String[] {"Load", "Save"}) {
      String prefix = "VipsForeign" + kind;
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        String rest = name.substring(prefix.length());
        String suffix = "";
        for (String s : new String[] {"File", "Buffer", "Source", "Target"}) {
          if (rest.endsWith(s) && rest.length() > s.length()) {
            rest = rest.substring(0, rest.length() - s.length());
            suffix = s.equals("File") ? "" : "_" + s.toLowerCase(Locale.ROOT);
            break;
          }
        }
        return rest.toLowerCase(Locale.ROOT) + kind.toLowerCase(Locale.ROOT) + suffix;
      }
    }
    return name;
  }

  /** The span name for an operation's evaluations: {@code vips {nickname}}. */
  public static String spanName(String operation) {
    return "vips " + nickname(operation);
  }

  /** The format a loader reads: {@code jpegload_buffer} → {@code jpeg}; {@code VipsForeignLoadPngBuffer} → {@code png}. */
  public static String formatOfLoader(String loader) {
    String l = loader.toLowerCase(Locale.ROOT);
    if (l.startsWith("vipsforeignload")) {
      l = l.substring("vipsforeignload".length());
      for (String suffix : new String[] {"buffer", "source", "file"}) {
        if (l.endsWith(suffix)) {
          l = l.substring(0, l.length() - suffix.length());
        }
      }
      return l;
    }
    int i = l.indexOf("load");
    return i > 0 ? l.substring(0, i) : l;
  }

  /**
   * The format a saver writes, from its nickname or C name ({@code webpsave_buffer},
   * {@code vips_jpegsave} → {@code webp}, {@code jpeg}), or null when the name is no saver's.
   */
  public static String formatOfSaver(String name) {
    String n = nickname(name);
    int i = n.indexOf("save");
    return i > 0 ? formatOfSuffix(n.substring(0, i)) : null;
  }

  /** {@code .webp[Q=80]} → {@code webp}; {@code .jpg} → {@code jpeg}; {@code out.png} → {@code png}. */
  public static String formatOfSuffix(String suffix) {
    if (suffix == null) {
      return null;
    }
    String s = suffix;
    int bracket = s.indexOf('[');
    if (bracket >= 0) {
      s = s.substring(0, bracket);
    }
    int dot = s.lastIndexOf('.');
    s = (dot >= 0 ? s.substring(dot + 1) : s).toLowerCase(Locale.ROOT);
    return s.equals("jpg") ? "jpeg" : s.equals("tif") ? "tiff" : s;
  }
}
