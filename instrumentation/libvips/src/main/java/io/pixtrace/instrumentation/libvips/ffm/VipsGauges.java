package io.pixtrace.instrumentation.libvips.ffm;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.pixtrace.bootstrap.AgentLog;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libvips' own counters as gauges, read through FFM from the libvips loaded in the process
 * (docs/telemetry.md, "Metrics"): imgproxy's three memory gauges (vips/memory.h) and the open
 * files, the operation cache (vips/cache.h) and the thread pool size (vips/threadpool.h).
 * Each reports no point until libvips is loaded, and none if this libvips lacks its function.
 */
final class VipsGauges {
  private static final FunctionDescriptor SIZE_T = FunctionDescriptor.of(ValueLayout.JAVA_LONG);
  private static final FunctionDescriptor INT = FunctionDescriptor.of(ValueLayout.JAVA_INT);

  private VipsGauges() {}

  static void register(Meter meter, LoadedLibvips libvips) {
    gauge(meter, libvips, "vips_memory_bytes", "By", "A gauge of the vips tracked memory usage in bytes.",
        "vips_tracked_get_mem", SIZE_T);
    gauge(meter, libvips, "vips_max_memory_bytes", "By", "A gauge of the max vips tracked memory usage in bytes.",
        "vips_tracked_get_mem_highwater", SIZE_T);
    gauge(meter, libvips, "vips_allocs", "1", "A gauge of the number of active vips allocations.",
        "vips_tracked_get_allocs", INT);
    gauge(meter, libvips, "vips_open_files", "{file}", "A gauge of the number of files vips has open.",
        "vips_tracked_get_files", INT);
    gauge(meter, libvips, "vips_cache_operations", "{operation}",
        "A gauge of the number of operations in the vips operation cache.", "vips_cache_get_size", INT);
    gauge(meter, libvips, "vips_cache_max_operations", "{operation}",
        "A gauge of the most operations the vips operation cache keeps.", "vips_cache_get_max", INT);
    gauge(meter, libvips, "vips_cache_max_memory_bytes", "By",
        "A gauge of the most memory in bytes the vips operation cache keeps.", "vips_cache_get_max_mem", SIZE_T);
    gauge(meter, libvips, "vips_cache_max_files", "{file}",
        "A gauge of the most open files the vips operation cache keeps.", "vips_cache_get_max_files", INT);
    gauge(meter, libvips, "vips_concurrency", "{thread}",
        "A gauge of the number of worker threads vips gives each image pipeline.", "vips_concurrency_get", INT);
  }

  private static void gauge(Meter meter, LoadedLibvips libvips, String name, String unit, String description,
      String function, FunctionDescriptor descriptor) {
    Reader reader = new Reader(libvips.function(function, descriptor), descriptor == INT);
    meter.gaugeBuilder(name).ofLongs().setDescription(description).setUnit(unit).buildWithCallback(reader::observe);
  }

  /** One gauge's reader: calls its function once libvips is there. */
  private static final class Reader {
    private final LoadedLibvips.Function function;
    private final boolean cInt;

    Reader(LoadedLibvips.Function function, boolean cInt) {
      this.function = function;
      this.cInt = cInt;
    }

    void observe(ObservableLongMeasurement measurement) {
      try {
        MethodHandle h = function.handle();
        if (h != null) {
          measurement.record(cInt ? (int) h.invokeExact() : (long) h.invokeExact());
        }
      } catch (Throwable e) {
        AgentLog.error("gauge:" + function.name(), "could not read " + function.name(), e);
      }
    }
  }
}
