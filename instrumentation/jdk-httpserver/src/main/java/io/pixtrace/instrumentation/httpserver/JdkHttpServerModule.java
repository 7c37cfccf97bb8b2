package io.pixtrace.instrumentation.httpserver;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** SERVER spans for the JDK's built-in HTTP server ({@code com.sun.net.httpserver}). */
public final class JdkHttpServerModule implements InstrumentationModule {
  /** The module's name, under which its {@link HttpExchangeAdapter} is registered. */
  public static final String NAME = "jdk-httpserver";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.SERVER;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new FilterChainInstrumentation());
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(NAME, new HttpExchangeAdapter());
  }
}
