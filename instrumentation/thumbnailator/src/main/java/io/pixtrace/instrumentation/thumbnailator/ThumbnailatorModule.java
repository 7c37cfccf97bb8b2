package io.pixtrace.instrumentation.thumbnailator;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Thumbnailator ({@code net.coobird.thumbnailator}, 0.4.x): each
 * {@code Thumbnailator.createThumbnail*} call, which every {@code Thumbnails.of(...)...}
 * terminal method goes through, is one image operation of the processing stage. The call
 * owns it: the reads and writes Thumbnailator makes inside (its image sources and sinks, and
 * through them ImageIO) start nothing of their own; its task and sinks only report the input
 * format, the thumbnail's size in pixels, the output format and the bytes written.
 */
public final class ThumbnailatorModule implements InstrumentationModule {
  static final String TASKS = "net.coobird.thumbnailator.tasks.";

  @Override
  public String name() {
    return "thumbnailator";
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ThumbnailatorInstrumentation(), new ThumbnailTaskInstrumentation(),
        new ImageSinkInstrumentation());
  }
}
