package io.pixtrace.instrumentation.libvips;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import io.pixtrace.instrumentation.libvips.ffm.LibvipsFfm;
import java.util.List;

/**
 * libvips called through FFM bindings in jextract's layout (any package): processing spans
 * from the calls, {@code vips {operation}} spans from libvips' own evaluation signals, and
 * the {@code vips_*} gauges read from the libvips the host loaded. Needs Java 22+ (FFM): that part is {@link LibvipsFfm}, compiled for 22 and reached
 * only from {@link #start}; this class and the advice are compiled for 17.
 */
public final class LibvipsModule implements InstrumentationModule {
  @Override
  public String name() {
    return LibvipsNames.LIBRARY;
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
  public void start(ModuleContext context) {
    LibvipsFfm.start(context);
  }
}
