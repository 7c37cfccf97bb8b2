package io.pixtrace.instrumentation.apachehttpclient5;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import java.net.URI;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;

/**
 * Download stage around the classic {@code doExecute}. Trace headers are set on the host's
 * request (the client copies it before sending) and removed again on return, so a request
 * object the host reuses does not keep them.
 */
public final class ClassicExecuteAdvice {
  private ClassicExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
    String url;
    try {
      URI uri = request.getUri();
      url = uri.isAbsolute() || target == null ? uri.toString() : target.toURI() + request.getRequestUri();
    } catch (Exception e) {
      url = target == null ? request.getRequestUri() : target.toURI() + request.getRequestUri();
    }
    Download download = DownloadStage.start(new DownloadRequest(request.getMethod(), url));
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
  public static void exit(@Advice.Argument(1) ClassicHttpRequest request, @Advice.Enter Download download,
      @Advice.Return ClassicHttpResponse response, @Advice.Thrown Throwable thrown) {
    if (download == null) {
      return;
    }
    try {
      for (String name : download.traceHeaders().keySet()) {
        request.removeHeaders(name);
      }
    } catch (RuntimeException ignored) {
      // An immutable request: nothing was added to it.
    }
    int status = -1;
    long size = -1;
    try {
      if (response != null) {
        status = response.getCode();
        Header length = response.getFirstHeader("Content-Length");
        if (length != null) {
          size = Long.parseLong(length.getValue().trim());
        }
      }
    } catch (RuntimeException ignored) {
      // not a length
    }
    download.end(status, size, thrown);
  }
}
