package io.pixtrace.instrumentation.apachehttpclient5;

import io.pixtrace.bootstrap.DownloadStage;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/** The final response head of an async exchange: its download ends (status known). */
public final class AsyncResponseAdvice {
  private AsyncResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object callback, @Advice.Argument(0) HttpResponse response) {
    long size = -1;
    Header length = response.getFirstHeader("Content-Length");
    if (length != null) {
      try {
        size = Long.parseLong(length.getValue().trim());
      } catch (NumberFormatException ignored) {
        // not a length
      }
    }
    DownloadStage.complete(callback, response.getCode(), size, null);
  }
}
