package io.pixtrace.examples.avatar.libvips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * libvips' own accounting, read through the example's library lookup ({@link vips_h}): the
 * memory and allocations it tracks ({@code vips_tracked_get_mem}, {@code _allocs}), the files
 * it holds open ({@code _files}) and the {@code VipsObject}s alive ({@code vips_object_map}
 * over every live object). Test-only: the service itself never reads them.
 */
@SuppressWarnings("restricted")
final class VipsCounters {
    /** One reading of the counters. */
    record Snapshot(long trackedBytes, int trackedAllocs, int openFiles, int liveObjects) {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MEM = downcall("vips_tracked_get_mem", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle ALLOCS = downcall("vips_tracked_get_allocs", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle FILES = downcall("vips_tracked_get_files", FunctionDescriptor.of(JAVA_INT));
    /** {@code void *vips_object_map(VipsSListMap2Fn fn, void *a, void *b)}. */
    private static final MethodHandle MAP =
            downcall("vips_object_map", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MemorySegment COUNT_ONE;
    private static int counted;

    static {
        try {
            MethodHandle count = MethodHandles.lookup().findStatic(VipsCounters.class, "countOne",
                    MethodType.methodType(MemorySegment.class, MemorySegment.class, MemorySegment.class,
                            MemorySegment.class));
            COUNT_ONE = LINKER.upcallStub(count, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS),
                    Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private VipsCounters() {
    }

    /** Reads the counters now. */
    static synchronized Snapshot read() {
        try {
            counted = 0;
            MemorySegment ignored = (MemorySegment) MAP.invokeExact(COUNT_ONE, MemorySegment.NULL, MemorySegment.NULL);
            return new Snapshot((long) MEM.invokeExact(), (int) ALLOCS.invokeExact(), (int) FILES.invokeExact(), counted);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read libvips' counters", t);
        }
    }

    /** The {@code VipsSListMap2Fn} given to {@code vips_object_map}: counts, and NULL goes on. */
    private static MemorySegment countOne(MemorySegment object, MemorySegment a, MemorySegment b) {
        counted++;
        return MemorySegment.NULL;
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(vips_h.SYMBOL_LOOKUP.findOrThrow(name), descriptor);
    }
}
