package io.pixtrace.agent.runtime;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.instrumentation.runtimetelemetry.internal.BufferPools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory outside the Java heap, where libvips allocates and where image pods are OOM-killed
 * (docs/telemetry.md, "Metrics"): the process's resident and virtual memory from Linux's
 * {@code /proc/self/status} as semconv's {@code process.memory.usage} and
 * {@code process.memory.virtual} (bytes), and the JVM's direct and mapped buffer pools as
 * {@code jvm.buffer.memory.used}, {@code jvm.buffer.memory.limit} and {@code jvm.buffer.count}
 * (the runtime-telemetry library's own observers, scope {@code io.opentelemetry.runtime-telemetry}).
 * Read when metrics are collected, never on a request thread.
 */
public final class ProcessMemory {
  /** Linux's per-process status file: {@code VmRSS:} and {@code VmSize:} lines in kB. */
  static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /**
   * Registers the gauges on {@code pixtrace} (scope {@code io.pixtrace}) and the buffer pools
   * on {@code runtime} (the runtime metrics' scope); the process gauges only where
   * {@code /proc/self/status} is readable (Linux).
   */
  public static void register(OpenTelemetry pixtrace, OpenTelemetry runtime) {
    BufferPools.registerObservers(runtime.getMeter("io.opentelemetry.runtime-telemetry"));
    if (!Files.isReadable(STATUS)) {
      return;
    }
    Meter meter = pixtrace.getMeter("io.pixtrace");
    ObservableLongMeasurement usage = meter.upDownCounterBuilder("process.memory.usage").setUnit("By")
        .setDescription("The amount of physical memory in use (resident set size).").buildObserver();
    ObservableLongMeasurement virtual = meter.upDownCounterBuilder("process.memory.virtual").setUnit("By")
        .setDescription("The amount of committed virtual memory.").buildObserver();
    meter.batchCallback(() -> {
      long[] m = read(STATUS);
      if (m[0] >= 0) {
        usage.record(m[0]);
      }
      if (m[1] >= 0) {
        virtual.record(m[1]);
      }
    }, usage, virtual);
  }

  /** The process's resident memory in bytes ({@code VmRSS}), or -1 when it cannot be read. */
  public static long residentBytes() {
    return read(STATUS)[0];
  }

  /** The process's virtual memory in bytes ({@code VmSize}), or -1 when it cannot be read. */
  public static long virtualBytes() {
    return read(STATUS)[1];
  }

  /** {VmRSS, VmSize} in bytes from a {@code /proc/<pid>/status} file; -1 for each one missing. */
  static long[] read(Path status) {
    long[] out = {-1, -1};
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        int i = line.startsWith("VmRSS:") ? 0 : line.startsWith("VmSize:") ? 1 : -1;
        if (i >= 0) {
          String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
          if (parts.length == 2 && parts[1].equals("kB")) {
            out[i] = Long.parseLong(parts[0]) * 1024;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or a line we do not know: nothing to report
    }
    return out;
  }
}
