package io.pixtrace.instrumentation.libvips.ffm;

import io.pixtrace.bootstrap.VipsNative;
import io.pixtrace.instrumentation.api.ModuleContext;

/**
 * The libvips module's Java 22 part (FFM), compiled for 22 and called only on a host that
 * runs 22+: the native reader for the libvips calls' arguments and imgproxy's libvips gauges,
 * both over the libvips the host has loaded.
 */
public final class LibvipsFfm {
  private LibvipsFfm() {}

  /** Registers the {@link VipsNative} reader and the gauges. Must not throw. */
  public static void start(ModuleContext context) {
    LoadedLibvips libvips = new LoadedLibvips();
    context.registerAdapter(VipsNative.NAME, new FfmVipsNative(libvips));
    VipsMemoryGauges.register(context.openTelemetry().getMeter("io.pixtrace"), libvips);
  }
}
