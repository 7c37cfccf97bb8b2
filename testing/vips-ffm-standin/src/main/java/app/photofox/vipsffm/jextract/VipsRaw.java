package app.photofox.vipsffm.jextract;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Stand-in for vips-ffm's jextract-generated header class: one public static method per C
 * function, named as in C (the layout the libvips instrumentation recognises). Only the
 * functions the stand-in uses.
 */
@SuppressWarnings("restricted")
public final class VipsRaw {
  /** C {@code long}/{@code size_t}/{@code GType} (LP64). */
  public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
  /** C {@code int}. */
  public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
  /** C pointer. */
  public static final ValueLayout C_POINTER = ValueLayout.ADDRESS;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LOOKUP = libvips()
      .or(SymbolLookup.loaderLookup()).or(LINKER.defaultLookup());

  private VipsRaw() {}

  private static SymbolLookup libvips() {
    try {
      return SymbolLookup.libraryLookup("libvips.so.42", Arena.global());
    } catch (IllegalArgumentException notFound) {
      return SymbolLookup.libraryLookup("libvips.so", Arena.global());
    }
  }

  private static MethodHandle h(String name, ValueLayout result, ValueLayout... args) {
    FunctionDescriptor d = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
    return LINKER.downcallHandle(LOOKUP.find(name).orElseThrow(), d);
  }

  private static final ValueLayout P = ValueLayout.ADDRESS;
  private static final ValueLayout L = ValueLayout.JAVA_LONG;
  private static final ValueLayout I = ValueLayout.JAVA_INT;
  private static final ValueLayout D = ValueLayout.JAVA_DOUBLE;

  private static final MethodHandle VIPS_INIT = h("vips_init", I, P);
  private static final MethodHandle VIPS_ERROR_BUFFER = h("vips_error_buffer", P);
  private static final MethodHandle VIPS_ERROR_CLEAR = h("vips_error_clear", null);
  private static final MethodHandle VIPS_OPERATION_NEW = h("vips_operation_new", P, P);
  private static final MethodHandle VIPS_OBJECT_SET_FROM_STRING = h("vips_object_set_from_string", I, P, P);
  private static final MethodHandle VIPS_CACHE_OPERATION_BUILD = h("vips_cache_operation_build", P, P);
  private static final MethodHandle VIPS_OBJECT_UNREF_OUTPUTS = h("vips_object_unref_outputs", null, P);
  private static final MethodHandle VIPS_IMAGE_GET_TYPE = h("vips_image_get_type", L);
  private static final MethodHandle VIPS_SOURCE_GET_TYPE = h("vips_source_get_type", L);
  private static final MethodHandle VIPS_BLOB_GET_TYPE = h("vips_blob_get_type", L);
  private static final MethodHandle VIPS_SOURCE_NEW_FROM_MEMORY = h("vips_source_new_from_memory", P, P, L);
  private static final MethodHandle VIPS_FOREIGN_FIND_LOAD_SOURCE = h("vips_foreign_find_load_source", P, P);
  private static final MethodHandle VIPS_IMAGE_GET_WIDTH = h("vips_image_get_width", I, P);
  private static final MethodHandle VIPS_IMAGE_GET_HEIGHT = h("vips_image_get_height", I, P);
  private static final MethodHandle VIPS_IMAGE_NEW = h("vips_image_new", P);
  private static final MethodHandle VIPS_IMAGE_WRITE = h("vips_image_write", I, P, P);
  private static final MethodHandle VIPS_IMAGE_WRITE_TO_MEMORY = h("vips_image_write_to_memory", P, P, P);
  private static final MethodHandle VIPS_AREA_COPY = h("vips_area_copy", P, P);
  private static final MethodHandle VIPS_AREA_UNREF = h("vips_area_unref", null, P);
  private static final MethodHandle VIPS_AREA_GET_DATA = h("vips_area_get_data", P, P, P, P, P, P);
  private static final MethodHandle G_VALUE_INIT = h("g_value_init", P, P, L);
  private static final MethodHandle G_VALUE_UNSET = h("g_value_unset", null, P);
  private static final MethodHandle G_VALUE_SET_INT = h("g_value_set_int", null, P, I);
  private static final MethodHandle G_VALUE_GET_INT = h("g_value_get_int", I, P);
  private static final MethodHandle G_VALUE_SET_DOUBLE = h("g_value_set_double", null, P, D);
  private static final MethodHandle G_VALUE_SET_BOOLEAN = h("g_value_set_boolean", null, P, I);
  private static final MethodHandle G_VALUE_SET_STRING = h("g_value_set_string", null, P, P);
  private static final MethodHandle G_VALUE_SET_OBJECT = h("g_value_set_object", null, P, P);
  private static final MethodHandle G_VALUE_GET_OBJECT = h("g_value_get_object", P, P);
  private static final MethodHandle G_VALUE_GET_BOXED = h("g_value_get_boxed", P, P);
  private static final MethodHandle G_OBJECT_SET_PROPERTY = h("g_object_set_property", null, P, P, P);
  private static final MethodHandle G_OBJECT_GET_PROPERTY = h("g_object_get_property", null, P, P, P);
  private static final MethodHandle G_OBJECT_REF = h("g_object_ref", P, P);
  private static final MethodHandle G_OBJECT_UNREF = h("g_object_unref", null, P);
  private static final MethodHandle G_FREE = h("g_free", null, P);

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return t instanceof RuntimeException r ? r : new IllegalStateException(t);
  }

  // GLib's fundamental types: G_TYPE_MAKE_FUNDAMENTAL(n) = n << 2.
  /** {@code G_TYPE_BOOLEAN}. */
  public static long G_TYPE_BOOLEAN() { return 5L << 2; }
  /** {@code G_TYPE_INT}. */
  public static long G_TYPE_INT() { return 6L << 2; }
  /** {@code G_TYPE_DOUBLE}. */
  public static long G_TYPE_DOUBLE() { return 15L << 2; }
  /** {@code G_TYPE_STRING}. */
  public static long G_TYPE_STRING() { return 16L << 2; }

  public static int vips_init(MemorySegment argv0) { try { return (int) VIPS_INIT.invokeExact(argv0); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_error_buffer() { try { return (MemorySegment) VIPS_ERROR_BUFFER.invokeExact(); } catch (Throwable t) { throw rethrow(t); } }
  public static void vips_error_clear() { try { VIPS_ERROR_CLEAR.invokeExact(); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_operation_new(MemorySegment name) { try { return (MemorySegment) VIPS_OPERATION_NEW.invokeExact(name); } catch (Throwable t) { throw rethrow(t); } }
  public static int vips_object_set_from_string(MemorySegment object, MemorySegment string) { try { return (int) VIPS_OBJECT_SET_FROM_STRING.invokeExact(object, string); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_cache_operation_build(MemorySegment operation) { try { return (MemorySegment) VIPS_CACHE_OPERATION_BUILD.invokeExact(operation); } catch (Throwable t) { throw rethrow(t); } }
  public static void vips_object_unref_outputs(MemorySegment object) { try { VIPS_OBJECT_UNREF_OUTPUTS.invokeExact(object); } catch (Throwable t) { throw rethrow(t); } }
  public static long vips_image_get_type() { try { return (long) VIPS_IMAGE_GET_TYPE.invokeExact(); } catch (Throwable t) { throw rethrow(t); } }
  public static long vips_source_get_type() { try { return (long) VIPS_SOURCE_GET_TYPE.invokeExact(); } catch (Throwable t) { throw rethrow(t); } }
  public static long vips_blob_get_type() { try { return (long) VIPS_BLOB_GET_TYPE.invokeExact(); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_source_new_from_memory(MemorySegment data, long length) { try { return (MemorySegment) VIPS_SOURCE_NEW_FROM_MEMORY.invokeExact(data, length); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_foreign_find_load_source(MemorySegment source) { try { return (MemorySegment) VIPS_FOREIGN_FIND_LOAD_SOURCE.invokeExact(source); } catch (Throwable t) { throw rethrow(t); } }
  public static int vips_image_get_width(MemorySegment image) { try { return (int) VIPS_IMAGE_GET_WIDTH.invokeExact(image); } catch (Throwable t) { throw rethrow(t); } }
  public static int vips_image_get_height(MemorySegment image) { try { return (int) VIPS_IMAGE_GET_HEIGHT.invokeExact(image); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_image_new() { try { return (MemorySegment) VIPS_IMAGE_NEW.invokeExact(); } catch (Throwable t) { throw rethrow(t); } }
  public static int vips_image_write(MemorySegment in, MemorySegment out) { try { return (int) VIPS_IMAGE_WRITE.invokeExact(in, out); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_image_write_to_memory(MemorySegment in, MemorySegment size) { try { return (MemorySegment) VIPS_IMAGE_WRITE_TO_MEMORY.invokeExact(in, size); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_area_copy(MemorySegment area) { try { return (MemorySegment) VIPS_AREA_COPY.invokeExact(area); } catch (Throwable t) { throw rethrow(t); } }
  public static void vips_area_unref(MemorySegment area) { try { VIPS_AREA_UNREF.invokeExact(area); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment vips_area_get_data(MemorySegment area, MemorySegment length, MemorySegment n, MemorySegment type, MemorySegment sizeofType) { try { return (MemorySegment) VIPS_AREA_GET_DATA.invokeExact(area, length, n, type, sizeofType); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment g_value_init(MemorySegment value, long type) { try { return (MemorySegment) G_VALUE_INIT.invokeExact(value, type); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_value_unset(MemorySegment value) { try { G_VALUE_UNSET.invokeExact(value); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_value_set_int(MemorySegment value, int v) { try { G_VALUE_SET_INT.invokeExact(value, v); } catch (Throwable t) { throw rethrow(t); } }
  public static int g_value_get_int(MemorySegment value) { try { return (int) G_VALUE_GET_INT.invokeExact(value); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_value_set_double(MemorySegment value, double v) { try { G_VALUE_SET_DOUBLE.invokeExact(value, v); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_value_set_boolean(MemorySegment value, int v) { try { G_VALUE_SET_BOOLEAN.invokeExact(value, v); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_value_set_string(MemorySegment value, MemorySegment v) { try { G_VALUE_SET_STRING.invokeExact(value, v); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_value_set_object(MemorySegment value, MemorySegment v) { try { G_VALUE_SET_OBJECT.invokeExact(value, v); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment g_value_get_object(MemorySegment value) { try { return (MemorySegment) G_VALUE_GET_OBJECT.invokeExact(value); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment g_value_get_boxed(MemorySegment value) { try { return (MemorySegment) G_VALUE_GET_BOXED.invokeExact(value); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_object_set_property(MemorySegment object, MemorySegment name, MemorySegment value) { try { G_OBJECT_SET_PROPERTY.invokeExact(object, name, value); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_object_get_property(MemorySegment object, MemorySegment name, MemorySegment value) { try { G_OBJECT_GET_PROPERTY.invokeExact(object, name, value); } catch (Throwable t) { throw rethrow(t); } }
  public static MemorySegment g_object_ref(MemorySegment object) { try { return (MemorySegment) G_OBJECT_REF.invokeExact(object); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_object_unref(MemorySegment object) { try { G_OBJECT_UNREF.invokeExact(object); } catch (Throwable t) { throw rethrow(t); } }
  public static void g_free(MemorySegment pointer) { try { G_FREE.invokeExact(pointer); } catch (Throwable t) { throw rethrow(t); } }
}
