package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;
import okhttp3.Response;

/** Starts (or, after {@code enqueue}, continues) the call's download; ends it with the response. */
public final class ResponseChainAdvice {
  private ResponseChainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.This Object call, @Advice.FieldValue("originalRequest") Request request) {
    return DownloadStage.enter(call, new DownloadRequest(request.method(), request.url().toString()));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Download download, @Advice.Return Response response,
      @Advice.Thrown Throwable thrown) {
    if (download == null) {
      return;
    }
    int status = -1;
    long size = -1;
    try {
      if (response != null) {
        status = response.code();
        String length = response.header("Content-Length");
        size = length == null ? -1 : Long.parseLong(length.trim());
      }
    } catch (RuntimeException ignored) {
      // ended with what was read rather than left open
    }
    download.end(status, size, thrown);
  }
}
