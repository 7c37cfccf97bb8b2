package io.pixtrace.instrumentation.logback.mdc;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * The current span's {@code trace_id}, {@code span_id} and {@code trace_flags} in the MDC of the
 * host's Logback ({@code ch.qos.logback.classic}, 1.4 and 1.5) events, so its own log lines can
 * print them (docs/telemetry.md, "Trace ids in the host's log lines").
 */
public final class LogbackMdcModule implements InstrumentationModule {
  @Override
  public String name() {
    return "logback-mdc";
  }

  @Override
  public Layer layer() {
    return Layer.LOG_CORRELATION;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new LoggingEventInstrumentation());
  }
}
