package io.pixtrace.instrumentation.httpurlconnection;

import io.pixtrace.bootstrap.DownloadStage;
import java.net.HttpURLConnection;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/** {@link ConnectAdvice} for the https delegate's own {@code connect()}. */
public final class HttpsConnectAdvice {
  private HttpsConnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected) {
    Object download = DownloadStage.enter(connection, !connected,
        connection.getRequestMethod(), String.valueOf(connection.getURL()));
    try {
      for (Map.Entry<String, String> h : DownloadStage.traceHeaders(download).entrySet()) {
        connection.setRequestProperty(h.getKey(), h.getValue());
      }
    } catch (RuntimeException ignored) {
      // Already connected: the request goes out without trace headers.
    }
    return download;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This HttpURLConnection connection, @Advice.Enter Object download,
      @Advice.Thrown Throwable thrown) {
    DownloadStage.exit(connection, download, false, -1, -1, thrown);
  }
}
