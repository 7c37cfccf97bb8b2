package io.pixtrace.instrumentation.httpurlconnection;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code getInputStream()}: once the response is known (a stream, or a remembered failure)
 * the call is a cache read and is skipped at once. Otherwise it starts the download if no
 * earlier call did, and ends it with the response code the JDK stored: a 404 that throws
 * {@code FileNotFoundException} is a 404 response, not an I/O failure.
 */
public final class GetInputStreamAdvice {
  private GetInputStreamAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected, @Advice.FieldValue("connecting") boolean connecting,
      @Advice.FieldValue("inputStream") InputStream in, @Advice.FieldValue("rememberedException") Exception failed) {
    if (in != null || failed != null) {
      return null;
    }
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
  public static void exit(@Advice.This HttpURLConnection connection, @Advice.Enter Download download,
      @Advice.FieldValue("responseCode") int status, @Advice.Thrown Throwable thrown) {
    if (download == null) {
      return;
    }
    // Read while this call still counts as the download, so the header lookup's own
    // getInputStream() is a nested call (it returns the cached stream or failure).
    long size = -1;
    try {
      size = status > 0 ? connection.getContentLengthLong() : -1;
    } catch (RuntimeException ignored) {
      // ended without a size rather than left open
    }
    download.end(status, size, status > 0 ? null : thrown);
  }
}
