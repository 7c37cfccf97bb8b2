package io.pixtrace.instrumentation.httpurlconnection;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Download (CLIENT) spans for {@code java.net.HttpURLConnection}, {@code URL.openStream()}
 * included, over http and https (the JDK's {@code sun.net.www.protocol} handlers).
 */
public final class HttpUrlConnectionModule implements InstrumentationModule {
  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public Layer layer() {
    return Layer.DOWNLOAD;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new HttpUrlConnectionInstrumentation(), new HttpsConnectInstrumentation());
  }
}
