package io.pixtrace.instrumentation.libvips.ffm;

import io.pixtrace.bootstrap.ProcessingStage;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.libvips.LibvipsNames;

/**
 * The libvips module's Java 22 part (FFM), compiled for 22 and called only on a host that
 * runs 22+, all over the libvips the host has loaded: the reader of the libvips calls, the
 * evaluation hook (installed when image work first starts after libvips is loaded, and tried
 * once now), and the {@code vips_*} gauges.
 */
public final class LibvipsFfm {
  private LibvipsFfm() {}

  /** Registers the reader, the evaluation hook and the gauges. Must not throw. */
  public static void start(ModuleContext context) {
    LoadedLibvips libvips = new LoadedLibvips();
    context.registerAdapter(LibvipsNames.LIBRARY, new LibvipsReader(libvips));
    EvaluationHook hook = new EvaluationHook(libvips);
    context.registerAdapter(ProcessingStage.WORK_STARTING, hook);
    VipsGauges.register(context.openTelemetry().getMeter("io.pixtrace"), libvips);
    hook.run();
  }
}
