package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.bootstrap.Adapters;
import io.pixtrace.bootstrap.DownloadStage;
import io.pixtrace.bootstrap.HttpClientAdapter;
import net.bytebuddy.asm.Advice;

/** Starts (or, after {@code enqueue}, continues) the call's download; ends it with the response. */
public final class ResponseChainAdvice {
  private ResponseChainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object call, @Advice.FieldValue("originalRequest") Object request) {
    return DownloadStage.enter(call, true, Adapters.get(HttpClientAdapter.class, OkHttp4Module.NAME), request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object call, @Advice.Enter Object download,
      @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
    if (download == null) {
      return;
    }
    HttpClientAdapter adapter = Adapters.get(HttpClientAdapter.class, OkHttp4Module.NAME);
    int status = -1;
    long size = -1;
    try {
      if (response != null && adapter != null) {
        status = adapter.statusCode(response);
        size = adapter.contentLength(response);
      }
    } catch (RuntimeException ignored) {
      // ended without a status rather than left open
    }
    DownloadStage.exit(call, download, true, status, size, thrown);
  }
}
