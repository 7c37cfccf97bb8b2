package io.pixtrace.instrumentation.imageio;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** Image processing through {@code javax.imageio.ImageIO} (the JDK's own codecs), and
 * ImageIO plugins' readers and writers used directly. */
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
    return List.of(new ImageIoInstrumentation(), new ImageCodecInstrumentation(true),
        new ImageCodecInstrumentation(false));
  }
}
