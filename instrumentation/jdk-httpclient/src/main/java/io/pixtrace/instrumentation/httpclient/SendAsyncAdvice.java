package io.pixtrace.instrumentation.httpclient;

import io.pixtrace.bootstrap.DownloadStage;
import io.pixtrace.bootstrap.HttpClientAdapter;
import io.pixtrace.bootstrap.Pixtrace;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/** Download stage around {@code HttpClient.sendAsync}: the span ends when the future completes. */
public final class SendAsyncAdvice {
  private SendAsyncAdvice() {}

  /** Starts the CLIENT span; swaps in a request with trace headers when propagation is on. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    HttpClientAdapter adapter = Pixtrace.jdkHttpClient();
    Object download = DownloadStage.start(adapter, request);
    request = (HttpRequest) DownloadStage.outgoing(adapter, download, request);
    return download;
  }

  /** Follows the returned future (not replaced) to end the span. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object download, @Advice.Return Object future, @Advice.Thrown Throwable thrown) {
    DownloadStage.endAsync(Pixtrace.jdkHttpClient(), download, future, thrown);
  }
}
