package io.pixtrace.instrumentation.httpclient;

import io.pixtrace.bootstrap.Adapters;
import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import io.pixtrace.bootstrap.HttpClientAdapter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Download stage around {@code HttpClient.send} and {@code sendAsync}: for {@code send} the
 * download ends on return, for {@code sendAsync} when the returned future completes.
 */
public final class HttpClientSendAdvice {
  private HttpClientSendAdvice() {}

  /** Starts the download; swaps in a copy of the request with trace headers when propagation is on. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    Download download = DownloadStage.start(new DownloadRequest(request.method(), request.uri().toString()));
    if (download != null) {
      Map<String, String> headers = download.traceHeaders();
      HttpClientAdapter adapter = Adapters.get(HttpClientAdapter.class, JdkHttpClientModule.NAME);
      if (!headers.isEmpty() && adapter != null) {
        try {
          request = (HttpRequest) adapter.withHeaders(request, headers);
        } catch (RuntimeException ignored) {
          // the request goes out as the host built it
        }
      }
    }
    return download;
  }

  /** Ends it with the response, or follows the returned future (not replacing it). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Download download, @Advice.Return Object result,
      @Advice.Thrown Throwable thrown) {
    if (download == null) {
      return;
    }
    if (thrown == null && result instanceof CompletableFuture) {
      download.endWhenDone((CompletableFuture<?>) result, Adapters.get(HttpClientAdapter.class, JdkHttpClientModule.NAME));
      return;
    }
    int status = -1;
    long size = -1;
    if (thrown == null && result instanceof HttpResponse) {
      try {
        status = ((HttpResponse<?>) result).statusCode();
        size = ((HttpResponse<?>) result).headers().firstValueAsLong("Content-Length").orElse(-1L);
      } catch (RuntimeException ignored) {
        // ended with what was read rather than left open
      }
    }
    download.end(status, size, thrown);
  }
}
