package io.pixtrace.instrumentation.annotations;

import io.pixtrace.bootstrap.WithSpanStage;
import io.pixtrace.instrumentation.api.ClassLoaderMatchers;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code @WithSpan} and {@code @SpanAttribute} ({@code io.opentelemetry.instrumentation.annotations},
 * the host's own dependency, not relocated) on the host's methods: spans in the request's
 * trace, as the OpenTelemetry Java agent makes them ({@code WithSpanStage}). In the
 * {@code processing} layer, like the configured host methods: the host's own work on the
 * image (ivatar's {@code avatar.generate_png}); {@code IMGPROXY_OPEN_TELEMETRY_DISABLE=processing}
 * switches both off.
 */
public final class AnnotationsModule implements InstrumentationModule {
  private static final ElementMatcher<ClassLoader> HAS_ANNOTATION = ClassLoaderMatchers.hasClassNamed(WithSpanStage.WITH_SPAN);

  @Override
  public String name() {
    return "annotations";
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  /** Only class loaders that see the annotation: the type matcher walks every method of a class. */
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return HAS_ANNOTATION;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new WithSpanInstrumentation());
  }
}
