package io.pixtrace.instrumentation.httpurlconnection;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import java.net.HttpURLConnection;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/** {@link ConnectAdvice} for the https delegate's own {@code connect()}. */
public final class HttpsConnectAdvice {
  private HttpsConnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected) {
    if (connected) {
      return DownloadStage.enter(connection, null);
    }
    Download download = DownloadStage.enter(connection,
        new DownloadRequest(connection.getRequestMethod(), String.valueOf(connection.getURL())));
    if (download != null) {
      try {
        for (Map.Entry<String, String> h : download.traceHeaders().entrySet()) {
          connection.setRequestProperty(h.getKey(), h.getValue());
        }
      } catch (RuntimeException ignored) {
        // Already connected: the request goes out without trace headers.
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
