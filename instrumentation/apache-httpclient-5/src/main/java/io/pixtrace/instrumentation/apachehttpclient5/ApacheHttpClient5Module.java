package io.pixtrace.instrumentation.apachehttpclient5;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Download (CLIENT) spans for the host's Apache HttpClient 5: the classic
 * {@code CloseableHttpClient.execute(...)} family and the async
 * {@code CloseableHttpAsyncClient.execute(...)} family of the clients
 * {@code HttpClients}/{@code HttpAsyncClients} build.
 *
 * <p>The advice is woven into the library's own classes, so it calls the library's API
 * directly: it builds a {@code DownloadRequest} (method, URL) for the download stage and ends
 * the {@code Download} it gets with the status and length; the agent's class loader never
 * needs to see the library.
 */
public final class ApacheHttpClient5Module implements InstrumentationModule {
  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public Layer layer() {
    return Layer.DOWNLOAD;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ClassicClientInstrumentation(), new AsyncClientInstrumentation(),
        new AsyncExecCallbackInstrumentation());
  }
}
