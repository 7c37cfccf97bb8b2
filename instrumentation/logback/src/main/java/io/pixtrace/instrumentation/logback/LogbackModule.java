package io.pixtrace.instrumentation.logback;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** The host's Logback ({@code ch.qos.logback.classic}, 1.4 and 1.5) records as OpenTelemetry log records. */
public final class LogbackModule implements InstrumentationModule {
  @Override
  public String name() {
    return "logback";
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
