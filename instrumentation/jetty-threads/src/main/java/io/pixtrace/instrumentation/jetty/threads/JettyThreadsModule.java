package io.pixtrace.instrumentation.jetty.threads;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Jetty's request thread pool as saturation gauges: {@code QueuedThreadPool} (Jetty 9.4 to
 * 12), registered under its own name ({@code getName()}, {@code qtp<hash>} unless the host
 * names it) when it starts, and read through its getters (docs/telemetry.md, "Saturation").
 */
public final class JettyThreadsModule implements InstrumentationModule {
  @Override
  public String name() {
    return "jetty-threads";
  }

  @Override
  public Layer layer() {
    return Layer.QUEUE;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new QueuedThreadPoolInstrumentation());
  }
}
