// Hand-written in the exact layout that jextract (22+) generates for <vips/vips.h>,
// restricted to the functions the avatar service uses. Keep it that way: the Pixtrace
// agent recognises libvips calls by the C function names of these static methods and
// variadic invoker classes, whatever package they live in.

package io.pixtrace.examples.avatar.libvips;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.stream.Collectors;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * FFM bindings for the parts of libvips 8.x (and GLib) used by the avatar service, in jextract's
 * header-class layout: one static method per non-variadic C function (plus {@code $descriptor},
 * {@code $handle} and {@code $address} companions) and one invoker class per variadic function.
 */
@SuppressWarnings("restricted")
public class vips_h {

    vips_h() {
        // Should not be called directly
    }

    static final Arena LIBRARY_ARENA = Arena.global();
    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
         String traceArgs = Arrays.stream(args)
                       .map(String::valueOf)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static SymbolLookup libvipsLookup() {
        try {
            return SymbolLookup.libraryLookup("libvips.so.42", LIBRARY_ARENA);
        } catch (IllegalArgumentException notFound) {
            return SymbolLookup.libraryLookup("libvips.so", LIBRARY_ARENA);
        }
    }

    static final SymbolLookup SYMBOL_LOOKUP = libvipsLookup()
            .or(SymbolLookup.loaderLookup())
            .or(Linker.nativeLinker().defaultLookup());

    /** C {@code bool}. */
    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    /** C {@code char}. */
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    /** C {@code short}. */
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    /** C {@code int}. */
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    /** C {@code long long}. */
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    /** C {@code float}. */
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    /** C {@code double}. */
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    /** C pointer (any {@code T*}); dereferences as an unbounded byte sequence. */
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    /** C {@code long} (LP64: 64 bits; also {@code size_t}). */
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    private static final int VIPS_INTERESTING_NONE = (int)0L;
    /**
     * {@snippet lang=c :
     * enum <anonymous>.VIPS_INTERESTING_NONE = 0
     * }
     */
    public static int VIPS_INTERESTING_NONE() {
        return VIPS_INTERESTING_NONE;
    }
    private static final int VIPS_INTERESTING_CENTRE = (int)1L;
    /**
     * {@snippet lang=c :
     * enum <anonymous>.VIPS_INTERESTING_CENTRE = 1
     * }
     */
    public static int VIPS_INTERESTING_CENTRE() {
        return VIPS_INTERESTING_CENTRE;
    }
    private static final int VIPS_INTERESTING_ENTROPY = (int)2L;
    /**
     * {@snippet lang=c :
     * enum <anonymous>.VIPS_INTERESTING_ENTROPY = 2
     * }
     */
    public static int VIPS_INTERESTING_ENTROPY() {
        return VIPS_INTERESTING_ENTROPY;
    }
    private static final int VIPS_INTERESTING_ATTENTION = (int)3L;
    /**
     * {@snippet lang=c :
     * enum <anonymous>.VIPS_INTERESTING_ATTENTION = 3
     * }
     */
    public static int VIPS_INTERESTING_ATTENTION() {
        return VIPS_INTERESTING_ATTENTION;
    }

    private static class vips_init {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            vips_h.C_INT,
            vips_h.C_POINTER
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_init");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int vips_init(const char *argv0)
     * }
     */
    public static FunctionDescriptor vips_init$descriptor() {
        return vips_init.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int vips_init(const char *argv0)
     * }
     */
    public static MethodHandle vips_init$handle() {
        return vips_init.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int vips_init(const char *argv0)
     * }
     */
    public static MemorySegment vips_init$address() {
        return vips_init.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int vips_init(const char *argv0)
     * }
     */
    public static int vips_init(MemorySegment argv0) {
        var mh$ = vips_init.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_init", argv0);
            }
            return (int)mh$.invokeExact(argv0);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            vips_h.C_INT,
            vips_h.C_INT
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int vips_version(int flag)
     * }
     */
    public static FunctionDescriptor vips_version$descriptor() {
        return vips_version.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int vips_version(int flag)
     * }
     */
    public static MethodHandle vips_version$handle() {
        return vips_version.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int vips_version(int flag)
     * }
     */
    public static MemorySegment vips_version$address() {
        return vips_version.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int vips_version(int flag)
     * }
     */
    public static int vips_version(int flag) {
        var mh$ = vips_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_version", flag);
            }
            return (int)mh$.invokeExact(flag);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_cache_set_max {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            vips_h.C_INT
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_cache_set_max");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void vips_cache_set_max(int max)
     * }
     */
    public static FunctionDescriptor vips_cache_set_max$descriptor() {
        return vips_cache_set_max.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void vips_cache_set_max(int max)
     * }
     */
    public static MethodHandle vips_cache_set_max$handle() {
        return vips_cache_set_max.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void vips_cache_set_max(int max)
     * }
     */
    public static MemorySegment vips_cache_set_max$address() {
        return vips_cache_set_max.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void vips_cache_set_max(int max)
     * }
     */
    public static void vips_cache_set_max(int max) {
        var mh$ = vips_cache_set_max.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_cache_set_max", max);
            }
            mh$.invokeExact(max);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_error_buffer {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            vips_h.C_POINTER    );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_error_buffer");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * const char *vips_error_buffer(void)
     * }
     */
    public static FunctionDescriptor vips_error_buffer$descriptor() {
        return vips_error_buffer.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * const char *vips_error_buffer(void)
     * }
     */
    public static MethodHandle vips_error_buffer$handle() {
        return vips_error_buffer.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * const char *vips_error_buffer(void)
     * }
     */
    public static MemorySegment vips_error_buffer$address() {
        return vips_error_buffer.ADDR;
    }

    /**
     * {@snippet lang=c :
     * const char *vips_error_buffer(void)
     * }
     */
    public static MemorySegment vips_error_buffer() {
        var mh$ = vips_error_buffer.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_error_buffer");
            }
            return (MemorySegment)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_error_clear {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(    );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_error_clear");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void vips_error_clear(void)
     * }
     */
    public static FunctionDescriptor vips_error_clear$descriptor() {
        return vips_error_clear.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void vips_error_clear(void)
     * }
     */
    public static MethodHandle vips_error_clear$handle() {
        return vips_error_clear.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void vips_error_clear(void)
     * }
     */
    public static MemorySegment vips_error_clear$address() {
        return vips_error_clear.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void vips_error_clear(void)
     * }
     */
    public static void vips_error_clear() {
        var mh$ = vips_error_clear.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_error_clear");
            }
            mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_foreign_find_load_buffer {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            vips_h.C_POINTER,
            vips_h.C_POINTER,
            vips_h.C_LONG
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_foreign_find_load_buffer");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * const char *vips_foreign_find_load_buffer(const void *data, size_t size)
     * }
     */
    public static FunctionDescriptor vips_foreign_find_load_buffer$descriptor() {
        return vips_foreign_find_load_buffer.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * const char *vips_foreign_find_load_buffer(const void *data, size_t size)
     * }
     */
    public static MethodHandle vips_foreign_find_load_buffer$handle() {
        return vips_foreign_find_load_buffer.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * const char *vips_foreign_find_load_buffer(const void *data, size_t size)
     * }
     */
    public static MemorySegment vips_foreign_find_load_buffer$address() {
        return vips_foreign_find_load_buffer.ADDR;
    }

    /**
     * {@snippet lang=c :
     * const char *vips_foreign_find_load_buffer(const void *data, size_t size)
     * }
     */
    public static MemorySegment vips_foreign_find_load_buffer(MemorySegment data, long size) {
        var mh$ = vips_foreign_find_load_buffer.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_foreign_find_load_buffer", data, size);
            }
            return (MemorySegment)mh$.invokeExact(data, size);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_image_get_width {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            vips_h.C_INT,
            vips_h.C_POINTER
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_image_get_width");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int vips_image_get_width(const VipsImage *image)
     * }
     */
    public static FunctionDescriptor vips_image_get_width$descriptor() {
        return vips_image_get_width.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int vips_image_get_width(const VipsImage *image)
     * }
     */
    public static MethodHandle vips_image_get_width$handle() {
        return vips_image_get_width.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int vips_image_get_width(const VipsImage *image)
     * }
     */
    public static MemorySegment vips_image_get_width$address() {
        return vips_image_get_width.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int vips_image_get_width(const VipsImage *image)
     * }
     */
    public static int vips_image_get_width(MemorySegment image) {
        var mh$ = vips_image_get_width.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_image_get_width", image);
            }
            return (int)mh$.invokeExact(image);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_image_get_height {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            vips_h.C_INT,
            vips_h.C_POINTER
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_image_get_height");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int vips_image_get_height(const VipsImage *image)
     * }
     */
    public static FunctionDescriptor vips_image_get_height$descriptor() {
        return vips_image_get_height.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int vips_image_get_height(const VipsImage *image)
     * }
     */
    public static MethodHandle vips_image_get_height$handle() {
        return vips_image_get_height.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int vips_image_get_height(const VipsImage *image)
     * }
     */
    public static MemorySegment vips_image_get_height$address() {
        return vips_image_get_height.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int vips_image_get_height(const VipsImage *image)
     * }
     */
    public static int vips_image_get_height(MemorySegment image) {
        var mh$ = vips_image_get_height.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_image_get_height", image);
            }
            return (int)mh$.invokeExact(image);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class vips_image_get_bands {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            vips_h.C_INT,
            vips_h.C_POINTER
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_image_get_bands");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int vips_image_get_bands(const VipsImage *image)
     * }
     */
    public static FunctionDescriptor vips_image_get_bands$descriptor() {
        return vips_image_get_bands.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int vips_image_get_bands(const VipsImage *image)
     * }
     */
    public static MethodHandle vips_image_get_bands$handle() {
        return vips_image_get_bands.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int vips_image_get_bands(const VipsImage *image)
     * }
     */
    public static MemorySegment vips_image_get_bands$address() {
        return vips_image_get_bands.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int vips_image_get_bands(const VipsImage *image)
     * }
     */
    public static int vips_image_get_bands(MemorySegment image) {
        var mh$ = vips_image_get_bands.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("vips_image_get_bands", image);
            }
            return (int)mh$.invokeExact(image);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class g_object_unref {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            vips_h.C_POINTER
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("g_object_unref");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void g_object_unref(gpointer object)
     * }
     */
    public static FunctionDescriptor g_object_unref$descriptor() {
        return g_object_unref.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void g_object_unref(gpointer object)
     * }
     */
    public static MethodHandle g_object_unref$handle() {
        return g_object_unref.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void g_object_unref(gpointer object)
     * }
     */
    public static MemorySegment g_object_unref$address() {
        return g_object_unref.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void g_object_unref(gpointer object)
     * }
     */
    public static void g_object_unref(MemorySegment object) {
        var mh$ = g_object_unref.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("g_object_unref", object);
            }
            mh$.invokeExact(object);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class g_free {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            vips_h.C_POINTER
        );

        public static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("g_free");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void g_free(gpointer mem)
     * }
     */
    public static FunctionDescriptor g_free$descriptor() {
        return g_free.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void g_free(gpointer mem)
     * }
     */
    public static MethodHandle g_free$handle() {
        return g_free.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void g_free(gpointer mem)
     * }
     */
    public static MemorySegment g_free$address() {
        return g_free.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void g_free(gpointer mem)
     * }
     */
    public static void g_free(MemorySegment mem) {
        var mh$ = g_free.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("g_free", mem);
            }
            mh$.invokeExact(mem);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    /**
     * Variadic invoker class for:
     * {@snippet lang=c :
     * VipsImage *vips_image_new_from_buffer(const void *buf, size_t len, const char *option_string, ...)
     * }
     */
    public static class vips_image_new_from_buffer {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                vips_h.C_POINTER,
                vips_h.C_POINTER,
                vips_h.C_LONG,
                vips_h.C_POINTER
            );
        private static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_image_new_from_buffer");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private vips_image_new_from_buffer(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * VipsImage *vips_image_new_from_buffer(const void *buf, size_t len, const char *option_string, ...)
         * }
         */
        public static vips_image_new_from_buffer makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new vips_image_new_from_buffer(mh$, desc$, spreader$);
        }

        /**
         * {@return the address}
         */
        public static MemorySegment address() {
            return ADDR;
        }

        /**
         * {@return the specialized method handle}
         */
        public MethodHandle handle() {
            return handle;
        }

        /**
         * {@return the specialized descriptor}
         */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /**
         * Calls the function with the variadic arguments this invoker was made for.
         */
        public MemorySegment apply(MemorySegment buf, long len, MemorySegment option_string, Object... x3) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("vips_image_new_from_buffer", buf, len, option_string, x3);
                }
                return (MemorySegment)spreader.invokeExact(buf, len, option_string, x3);
            } catch(IllegalArgumentException | ClassCastException ex$)  {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Throwable ex$) {
               throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    /**
     * Variadic invoker class for:
     * {@snippet lang=c :
     * int vips_thumbnail_image(VipsImage *in, VipsImage **out, int width, ...)
     * }
     */
    public static class vips_thumbnail_image {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                vips_h.C_INT,
                vips_h.C_POINTER,
                vips_h.C_POINTER,
                vips_h.C_INT
            );
        private static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_thumbnail_image");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private vips_thumbnail_image(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * int vips_thumbnail_image(VipsImage *in, VipsImage **out, int width, ...)
         * }
         */
        public static vips_thumbnail_image makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new vips_thumbnail_image(mh$, desc$, spreader$);
        }

        /**
         * {@return the address}
         */
        public static MemorySegment address() {
            return ADDR;
        }

        /**
         * {@return the specialized method handle}
         */
        public MethodHandle handle() {
            return handle;
        }

        /**
         * {@return the specialized descriptor}
         */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /**
         * Calls the function with the variadic arguments this invoker was made for.
         */
        public int apply(MemorySegment in, MemorySegment out, int width, Object... x3) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("vips_thumbnail_image", in, out, width, x3);
                }
                return (int)spreader.invokeExact(in, out, width, x3);
            } catch(IllegalArgumentException | ClassCastException ex$)  {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Throwable ex$) {
               throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    /**
     * Variadic invoker class for:
     * {@snippet lang=c :
     * int vips_image_write_to_buffer(VipsImage *in, const char *suffix, void **buf, size_t *size, ...)
     * }
     */
    public static class vips_image_write_to_buffer {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                vips_h.C_INT,
                vips_h.C_POINTER,
                vips_h.C_POINTER,
                vips_h.C_POINTER,
                vips_h.C_POINTER
            );
        private static final MemorySegment ADDR = SYMBOL_LOOKUP.findOrThrow("vips_image_write_to_buffer");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private vips_image_write_to_buffer(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * int vips_image_write_to_buffer(VipsImage *in, const char *suffix, void **buf, size_t *size, ...)
         * }
         */
        public static vips_image_write_to_buffer makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new vips_image_write_to_buffer(mh$, desc$, spreader$);
        }

        /**
         * {@return the address}
         */
        public static MemorySegment address() {
            return ADDR;
        }

        /**
         * {@return the specialized method handle}
         */
        public MethodHandle handle() {
            return handle;
        }

        /**
         * {@return the specialized descriptor}
         */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /**
         * Calls the function with the variadic arguments this invoker was made for.
         */
        public int apply(MemorySegment in, MemorySegment suffix, MemorySegment buf, MemorySegment size, Object... x4) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("vips_image_write_to_buffer", in, suffix, buf, size, x4);
                }
                return (int)spreader.invokeExact(in, suffix, buf, size, x4);
            } catch(IllegalArgumentException | ClassCastException ex$)  {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Throwable ex$) {
               throw new AssertionError("should not reach here", ex$);
            }
        }
    }
}
