package io.pixtrace.instrumentation.libvips;

import io.opentelemetry.api.OpenTelemetry;
import io.pixtrace.bootstrap.Pixtrace;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * libvips called through FFM bindings in jextract's layout (any package): processing spans
 * from the calls, and imgproxy's libvips memory gauges read from the libvips the host
 * loaded. Needs Java 22+ (FFM).
 */
public final class LibvipsModule implements InstrumentationModule {
  @Override
  public String name() {
    return "libvips";
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  @Override
  public int minimumJavaVersion() {
    return 22;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new JextractBindingsInstrumentation());
  }

  @Override
  public void start(OpenTelemetry openTelemetry) {
    LoadedLibvips libvips = new LoadedLibvips();
    Pixtrace.vipsNative(new FfmVipsNative(libvips));
    VipsMemoryGauges.register(openTelemetry.getMeter("io.pixtrace"), libvips);
  }
}
