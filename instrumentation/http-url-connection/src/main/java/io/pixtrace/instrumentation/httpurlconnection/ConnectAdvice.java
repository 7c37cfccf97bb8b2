package io.pixtrace.instrumentation.httpurlconnection;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import java.net.HttpURLConnection;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code connect()} and {@code getOutputStream()}: start the connection's download when it
 * has not started yet and add trace headers while the request can still take them; the
 * download stays open for {@code getInputStream()} unless the call throws.
 */
public final class ConnectAdvice {
  private ConnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected, @Advice.FieldValue("connecting") boolean connecting) {
    if (connected || connecting) {
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
