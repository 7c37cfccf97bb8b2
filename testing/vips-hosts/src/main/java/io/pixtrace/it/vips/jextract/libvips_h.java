package io.pixtrace.it.vips.jextract;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The libvips bindings JextractHost uses, in the layout jextract generates (a service makes
 * its own with {@code jextract --include-function ...}): one static method per non-variadic C
 * function, named as in C, and one invoker class per variadic function, named as in C, with
 * {@code makeInvoker} and {@code apply}. Only the functions the host calls.
 */
@SuppressWarnings({"restricted", "checkstyle:TypeName"})
public final class libvips_h {
  /** C {@code int}. */
  public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
  /** C {@code size_t} / {@code long} on LP64. */
  public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
  /** C {@code double}. */
  public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
  /** C pointer. */
  public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

  static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.libraryLookup("libvips.so.42", Arena.global());
  private static final Linker LINKER = Linker.nativeLinker();

  private libvips_h() {}

  private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(SYMBOL_LOOKUP.find(name).orElseThrow(), descriptor);
  }

  private static final MethodHandle VIPS_INIT = downcall("vips_init", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle VIPS_IMAGE_COPY_MEMORY =
      downcall("vips_image_copy_memory", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle VIPS_IMAGE_GET_WIDTH =
      downcall("vips_image_get_width", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle VIPS_IMAGE_GET_HEIGHT =
      downcall("vips_image_get_height", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle VIPS_ERROR_BUFFER = downcall("vips_error_buffer", FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle VIPS_ERROR_CLEAR = downcall("vips_error_clear", FunctionDescriptor.ofVoid());
  private static final MethodHandle G_OBJECT_UNREF = downcall("g_object_unref", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle G_FREE = downcall("g_free", FunctionDescriptor.ofVoid(C_POINTER));

  private static AssertionError fail(Throwable e) {
    return new AssertionError("should not reach here", e);
  }

  /** {@code int vips_init(const char *argv0)} */
  public static int vips_init(MemorySegment argv0) {
    try {
      return (int) VIPS_INIT.invokeExact(argv0);
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** {@code VipsImage *vips_image_copy_memory(VipsImage *image)} */
  public static MemorySegment vips_image_copy_memory(MemorySegment image) {
    try {
      return (MemorySegment) VIPS_IMAGE_COPY_MEMORY.invokeExact(image);
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** {@code int vips_image_get_width(const VipsImage *image)} */
  public static int vips_image_get_width(MemorySegment image) {
    try {
      return (int) VIPS_IMAGE_GET_WIDTH.invokeExact(image);
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** {@code int vips_image_get_height(const VipsImage *image)} */
  public static int vips_image_get_height(MemorySegment image) {
    try {
      return (int) VIPS_IMAGE_GET_HEIGHT.invokeExact(image);
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** {@code const char *vips_error_buffer(void)} */
  public static MemorySegment vips_error_buffer() {
    try {
      return (MemorySegment) VIPS_ERROR_BUFFER.invokeExact();
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** {@code void vips_error_clear(void)} */
  public static void vips_error_clear() {
    try {
      VIPS_ERROR_CLEAR.invokeExact();
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** {@code void g_object_unref(gpointer object)} */
  public static void g_object_unref(MemorySegment object) {
    try {
      G_OBJECT_UNREF.invokeExact(object);
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** {@code void g_free(gpointer mem)} */
  public static void g_free(MemorySegment mem) {
    try {
      G_FREE.invokeExact(mem);
    } catch (Throwable e) {
      throw fail(e);
    }
  }

  /** What every variadic invoker shares: the handle for one shape of variadic arguments. */
  private static MethodHandle variadic(String name, FunctionDescriptor base, MemoryLayout... layouts) {
    FunctionDescriptor descriptor = base.appendArgumentLayouts(layouts);
    return LINKER.downcallHandle(SYMBOL_LOOKUP.find(name).orElseThrow(), descriptor,
        Linker.Option.firstVariadicArg(base.argumentLayouts().size())).asSpreader(Object[].class, layouts.length);
  }

  /** {@code VipsImage *vips_image_new_from_buffer(const void *buf, size_t len, const char *option_string, ...)} */
  public static final class vips_image_new_from_buffer {
    private static final FunctionDescriptor BASE = FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_POINTER);
    private final MethodHandle spreader;

    private vips_image_new_from_buffer(MethodHandle spreader) {
      this.spreader = spreader;
    }

    /** An invoker for variadic arguments of these layouts. */
    public static vips_image_new_from_buffer makeInvoker(MemoryLayout... layouts) {
      return new vips_image_new_from_buffer(variadic("vips_image_new_from_buffer", BASE, layouts));
    }

    /** Calls the function. */
    public MemorySegment apply(MemorySegment buf, long len, MemorySegment optionString, Object... x3) {
      try {
        return (MemorySegment) spreader.invokeExact(buf, len, optionString, x3);
      } catch (Throwable e) {
        throw fail(e);
      }
    }
  }

  /** {@code int vips_smartcrop(VipsImage *in, VipsImage **out, int width, int height, ...)} */
  public static final class vips_smartcrop {
    private static final FunctionDescriptor BASE = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT);
    private final MethodHandle spreader;

    private vips_smartcrop(MethodHandle spreader) {
      this.spreader = spreader;
    }

    /** An invoker for variadic arguments of these layouts. */
    public static vips_smartcrop makeInvoker(MemoryLayout... layouts) {
      return new vips_smartcrop(variadic("vips_smartcrop", BASE, layouts));
    }

    /** Calls the function. */
    public int apply(MemorySegment in, MemorySegment out, int width, int height, Object... x4) {
      try {
        return (int) spreader.invokeExact(in, out, width, height, x4);
      } catch (Throwable e) {
        throw fail(e);
      }
    }
  }

  /** {@code int vips_image_write_to_buffer(VipsImage *in, const char *suffix, void **buf, size_t *size, ...)} */
  public static final class vips_image_write_to_buffer {
    private static final FunctionDescriptor BASE =
        FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
    private final MethodHandle spreader;

    private vips_image_write_to_buffer(MethodHandle spreader) {
      this.spreader = spreader;
    }

    /** An invoker for variadic arguments of these layouts. */
    public static vips_image_write_to_buffer makeInvoker(MemoryLayout... layouts) {
      return new vips_image_write_to_buffer(variadic("vips_image_write_to_buffer", BASE, layouts));
    }

    /** Calls the function. */
    public int apply(MemorySegment in, MemorySegment suffix, MemorySegment buf, MemorySegment size, Object... x4) {
      try {
        return (int) spreader.invokeExact(in, suffix, buf, size, x4);
      } catch (Throwable e) {
        throw fail(e);
      }
    }
  }
}
