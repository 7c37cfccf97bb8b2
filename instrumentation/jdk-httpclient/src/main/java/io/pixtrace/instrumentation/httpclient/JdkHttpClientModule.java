package io.pixtrace.instrumentation.httpclient;

import io.opentelemetry.api.OpenTelemetry;
import io.pixtrace.bootstrap.Pixtrace;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** Download (CLIENT) spans for {@code java.net.http.HttpClient}. */
public final class JdkHttpClientModule implements InstrumentationModule {
  @Override
  public String name() {
    return "jdk-httpclient";
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
  public void start(OpenTelemetry openTelemetry) {
    Pixtrace.jdkHttpClient(new HttpClientAdapterImpl());
  }
}
