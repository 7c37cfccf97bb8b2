package io.pixtrace.instrumentation.vipsffm;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import io.pixtrace.instrumentation.vipsffm.ffm.VipsFfmReader;
import java.util.List;

/**
 * vips-ffm ({@code app.photofox.vipsffm}), matched by name and signature (docs/compatibility.md,
 * "Image processing libraries"): every libvips operation goes through
 * {@code VipsInvoker.invokeOperation(Arena, String nickname, String options, List<? extends VipsOption>)},
 * and {@code VImage.writeToMemory()} and {@code VImage.write(VImage)} call libvips directly.
 * Each is one image operation of the processing stage; one that makes libvips compute pixels
 * gets a {@code vips {nickname}} child span from the libvips module's evaluation hook. Calls
 * vips-ffm makes inside them (its jextract bindings, which the libvips module also weaves)
 * start nothing of their own. Needs Java 22+ (vips-ffm's API takes an {@code Arena}).
 * Tested against vips-ffm 1.9.8.
 */
public final class VipsFfmModule implements InstrumentationModule {
  /** The module's name, under which its {@link VipsFfmReader} is registered. */
  public static final String NAME = "vips-ffm";
  /** The package of vips-ffm's API. */
  public static final String LIBRARY_PACKAGE = "app.photofox.vipsffm.";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.PROCESSING;
  }

  @Override
  public int minimumJavaVersion() {
    return 22;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new VipsInvokerInstrumentation(), new VImageInstrumentation());
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(NAME, new VipsFfmReader());
  }
}
