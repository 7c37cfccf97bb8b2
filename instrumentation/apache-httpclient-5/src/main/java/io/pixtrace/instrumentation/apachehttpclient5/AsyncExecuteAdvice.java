package io.pixtrace.instrumentation.apachehttpclient5;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Starts the async exchange's download, keyed by its completion callback, and adds trace
 * headers to the client's own copy of the request. It stays open after this call returns
 * unless the call throws; {@link AsyncResponseAdvice} or {@link AsyncFailedAdvice} end it.
 */
public final class AsyncExecuteAdvice {
  private AsyncExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.Argument(0) HttpRequest request, @Advice.Argument(4) Object callback) {
    String url;
    try {
      url = request.getUri().toString();
    } catch (Exception e) {
      url = request.getRequestUri();
    }
    Download download = DownloadStage.enter(callback, new DownloadRequest(request.getMethod(), url));
    if (download != null) {
      try {
        for (Map.Entry<String, String> h : download.traceHeaders().entrySet()) {
          request.setHeader(h.getKey(), h.getValue());
        }
      } catch (RuntimeException ignored) {
        // An immutable request: it goes out without trace headers.
      }
    }
    return download;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Download download, @Advice.Thrown Throwable thrown) {
    if (download != null) {
      download.exit(thrown);
    }
  }
}
