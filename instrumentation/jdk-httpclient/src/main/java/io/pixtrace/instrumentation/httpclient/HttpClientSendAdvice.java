package io.pixtrace.instrumentation.httpclient;

import io.pixtrace.bootstrap.Adapters;
import io.pixtrace.bootstrap.DownloadStage;
import io.pixtrace.bootstrap.HttpClientAdapter;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/**
 * Download stage around {@code HttpClient.send} and {@code sendAsync}: for {@code send} the
 * span ends on return, for {@code sendAsync} when the returned future completes.
 */
public final class HttpClientSendAdvice {
  private HttpClientSendAdvice() {}

  /** Starts the CLIENT span; swaps in a request with trace headers when propagation is on. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    HttpClientAdapter adapter = Adapters.get(HttpClientAdapter.class, JdkHttpClientModule.NAME);
    Object download = DownloadStage.start(adapter, request);
    request = (HttpRequest) DownloadStage.outgoing(adapter, download, request);
    return download;
  }

  /** Ends it with the response (or follows the returned future, not replacing it). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin("#m") String method, @Advice.Enter Object download,
      @Advice.Return Object result, @Advice.Thrown Throwable thrown) {
    if (method.equals("sendAsync")) {
      DownloadStage.endAsync(Adapters.get(HttpClientAdapter.class, JdkHttpClientModule.NAME), download, result, thrown);
    } else {
      DownloadStage.end(Adapters.get(HttpClientAdapter.class, JdkHttpClientModule.NAME), download, result, thrown);
    }
  }
}
