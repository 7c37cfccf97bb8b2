package io.pixtrace.instrumentation.imageio;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** Image processing through {@code javax.imageio.ImageIO} (the JDK's own codecs). */
public final class ImageIoModule implements InstrumentationModule {
  @Override
  public String name() {
    return "imageio";
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ImageIoInstrumentation());
  }
}
