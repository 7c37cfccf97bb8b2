package io.pixtrace.instrumentation.httpclient;

import io.pixtrace.bootstrap.DownloadStage;
import io.pixtrace.bootstrap.HttpClientAdapter;
import io.pixtrace.bootstrap.Pixtrace;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/** Download stage around the blocking {@code HttpClient.send}. */
public final class SendAdvice {
  private SendAdvice() {}

  /** Starts the CLIENT span; swaps in a request with trace headers when propagation is on. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    HttpClientAdapter adapter = Pixtrace.jdkHttpClient();
    Object download = DownloadStage.start(adapter, request);
    request = (HttpRequest) DownloadStage.outgoing(adapter, download, request);
    return download;
  }

  /** Ends it with the response or what was thrown. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object download, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
    DownloadStage.end(Pixtrace.jdkHttpClient(), download, response, thrown);
  }
}
