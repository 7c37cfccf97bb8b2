package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadStage;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;

/**
 * At the chain's first link, replaces the request with a copy carrying trace headers (a
 * {@code Request} is immutable; {@code header} replaces a header of the same name).
 */
public final class ProceedAdvice {
  private ProceedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("call") Object call, @Advice.FieldValue("index") int index,
      @Advice.Argument(value = 0, readOnly = false) Request request) {
    if (index != 0) {
      return;
    }
    Download download = DownloadStage.open(call);
    if (download == null) {
      return;
    }
    Map<String, String> headers = download.traceHeaders();
    if (!headers.isEmpty()) {
      Request.Builder copy = request.newBuilder();
      for (Map.Entry<String, String> h : headers.entrySet()) {
        copy.header(h.getKey(), h.getValue());
      }
      request = copy.build();
    }
  }
}
