package io.pixtrace.instrumentation.log4j2;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** The host's Log4j 2 ({@code log4j-core} 2.2x) records as OpenTelemetry log records. */
public final class Log4j2Module implements InstrumentationModule {
  @Override
  public String name() {
    return "log4j2";
  }

  @Override
  public Layer layer() {
    return Layer.LOGS;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new LoggerConfigInstrumentation());
  }
}
