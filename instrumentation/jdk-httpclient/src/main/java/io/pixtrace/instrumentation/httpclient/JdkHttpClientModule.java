package io.pixtrace.instrumentation.httpclient;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** Download (CLIENT) spans for {@code java.net.http.HttpClient}. */
public final class JdkHttpClientModule implements InstrumentationModule {
  /** The module's name, under which its {@link JdkHttpClientAdapter} is registered. */
  public static final String NAME = "jdk-httpclient";

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
    return List.of(new HttpClientInstrumentation());
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(NAME, new JdkHttpClientAdapter());
  }
}
