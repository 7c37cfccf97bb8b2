package io.pixtrace.instrumentation.annotations;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * {@code @WithSpan} and {@code @SpanAttribute} ({@code io.opentelemetry.instrumentation.annotations},
 * the host's own dependency, not relocated) on the host's methods: spans in the request's
 * trace, as the OpenTelemetry Java agent makes them ({@code WithSpanStage}). In the
 * {@code processing} layer, like the configured host methods: the host's own work on the
 * image (ivatar's {@code avatar.generate_png}); {@code IMGPROXY_OPEN_TELEMETRY_DISABLE=processing}
 * switches both off.
 */
public final class AnnotationsModule implements InstrumentationModule {
  @Override
  public String name() {
    return "annotations";
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new WithSpanInstrumentation());
  }
}
