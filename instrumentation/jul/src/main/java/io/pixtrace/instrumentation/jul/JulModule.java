package io.pixtrace.instrumentation.jul;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** The host's {@code java.util.logging} records as OpenTelemetry log records. */
public final class JulModule implements InstrumentationModule {
  @Override
  public String name() {
    return "jul";
  }

  @Override
  public Layer layer() {
    return Layer.LOGS;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new LoggerInstrumentation());
  }
}
