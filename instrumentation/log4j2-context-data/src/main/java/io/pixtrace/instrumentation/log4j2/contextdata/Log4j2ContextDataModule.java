package io.pixtrace.instrumentation.log4j2.contextdata;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * The current span's {@code trace_id}, {@code span_id} and {@code trace_flags} in the context
 * data of the host's Log4j 2 (log4j-core 2.2x) events, so its own log lines can print them
 * ({@code %X{trace_id}}; docs/telemetry.md, "Trace ids in the host's log lines").
 */
public final class Log4j2ContextDataModule implements InstrumentationModule {
  @Override
  public String name() {
    return "log4j2-context-data";
  }

  @Override
  public Layer layer() {
    return Layer.LOG_CORRELATION;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ContextDataInjectorInstrumentation());
  }
}
