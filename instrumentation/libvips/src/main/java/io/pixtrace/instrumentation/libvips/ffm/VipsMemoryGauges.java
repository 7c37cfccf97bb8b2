package io.pixtrace.instrumentation.libvips.ffm;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.pixtrace.bootstrap.AgentLog;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * imgproxy's libvips gauges, read through FFM from the libvips loaded in the process
 * (vips/memory.h): {@code vips_memory_bytes} ← {@code vips_tracked_get_mem()},
 * {@code vips_max_memory_bytes} ← {@code vips_tracked_get_mem_highwater()} (bytes), and
 * {@code vips_allocs} ← {@code vips_tracked_get_allocs()}. Absent until libvips is loaded.
 */
final class VipsMemoryGauges {
  private VipsMemoryGauges() {}

  static void register(Meter meter, LoadedLibvips libvips) {
    FunctionDescriptor sizeT = FunctionDescriptor.of(ValueLayout.JAVA_LONG);
    FunctionDescriptor cInt = FunctionDescriptor.of(ValueLayout.JAVA_INT);
    meter.gaugeBuilder("vips_memory_bytes").ofLongs()
        .setDescription("A gauge of the vips tracked memory usage in bytes.")
        .setUnit("By")
        .buildWithCallback(new Reader(libvips, "vips_tracked_get_mem", sizeT)::observe);
    meter.gaugeBuilder("vips_max_memory_bytes").ofLongs()
        .setDescription("A gauge of the max vips tracked memory usage in bytes.")
        .setUnit("By")
        .buildWithCallback(new Reader(libvips, "vips_tracked_get_mem_highwater", sizeT)::observe);
    meter.gaugeBuilder("vips_allocs").ofLongs()
        .setDescription("A gauge of the number of active vips allocations.")
        .setUnit("1")
        .buildWithCallback(new Reader(libvips, "vips_tracked_get_allocs", cInt)::observe);
  }

  /** One gauge's reader: finds the function once libvips is there, then calls it. */
  private static final class Reader {
    private final LoadedLibvips libvips;
    private final String function;
    private final FunctionDescriptor descriptor;
    private volatile MethodHandle handle;

    Reader(LoadedLibvips libvips, String function, FunctionDescriptor descriptor) {
      this.libvips = libvips;
      this.function = function;
      this.descriptor = descriptor;
    }

    void observe(ObservableLongMeasurement measurement) {
      try {
        MethodHandle h = handle;
        if (h == null) {
          Optional<MethodHandle> found = libvips.function(function, descriptor);
          if (found.isEmpty()) {
            return;
          }
          h = handle = found.get();
        }
        long value = descriptor.returnLayout().orElseThrow() == ValueLayout.JAVA_INT
            ? (int) h.invokeExact()
            : (long) h.invokeExact();
        measurement.record(value);
      } catch (Throwable e) {
        AgentLog.error("gauge:" + function, "could not read " + function, e);
      }
    }
  }
}
