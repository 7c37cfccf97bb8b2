package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Download (CLIENT) spans for the host's OkHttp 4 ({@code okhttp3.*}): {@code Call.execute()}
 * and {@code Call.enqueue(Callback)}. The advice is inlined into OkHttp's own classes and
 * calls its API directly. The agent's own OkHttp is relocated under {@code io.pixtrace.shaded}
 * and never matched; this module's classes keep the real {@code okhttp3} names (the agent
 * jar relocates only the OpenTelemetry API and Byte Buddy in them, see agent/pom.xml).
 */
public final class OkHttp4Module implements InstrumentationModule {
  /** The module's name. */
  public static final String NAME = "okhttp-4";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.DOWNLOAD;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new RealCallInstrumentation(), new InterceptorChainInstrumentation());
  }
}
