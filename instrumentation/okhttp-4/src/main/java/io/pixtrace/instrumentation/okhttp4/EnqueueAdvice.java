package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;

/**
 * Starts an enqueued call's download on the caller's thread, keyed by the call; it stays open
 * for the dispatcher thread's {@link ResponseChainAdvice}. While it runs, the dispatcher's
 * executor hand-off counts as the client's internals (no {@code queue} span).
 */
public final class EnqueueAdvice {
  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.This Object call, @Advice.FieldValue("originalRequest") Request request) {
    return DownloadStage.enter(call, new DownloadRequest(request.method(), request.url().toString()));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Download download, @Advice.Thrown Throwable thrown) {
    if (download != null) {
      download.exit(thrown);
    }
  }
}
