package io.pixtrace.instrumentation.imgscalr;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * imgscalr ({@code org.imgscalr.Scalr}, 4.2): each public {@code resize}, {@code crop},
 * {@code pad}, {@code rotate} or {@code apply} call is one image operation of the processing
 * stage, reporting the size in pixels of the image it returns. Scalr's methods calling each
 * other inside one call count once. imgscalr works on decoded images only, so it reveals no
 * format and counts no image: the host's encoding step (e.g. {@code ImageIO.write}) does.
 */
public final class ImgscalrModule implements InstrumentationModule {
  @Override
  public String name() {
    return "imgscalr";
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ScalrInstrumentation());
  }
}
