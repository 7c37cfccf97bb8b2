package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.bootstrap.HttpClientAdapter;
import io.pixtrace.bootstrap.Adapters;
import io.pixtrace.bootstrap.DownloadStage;
import net.bytebuddy.asm.Advice;

/**
 * Starts an enqueued call's download on the caller's thread; it stays open for the
 * dispatcher thread's {@link ResponseChainAdvice}. While it runs, the dispatcher's executor
 * hand-off counts as the client's internals (no {@code queue} span).
 */
public final class EnqueueAdvice {
  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object call, @Advice.FieldValue("originalRequest") Object request) {
    return DownloadStage.enter(call, true, Adapters.get(HttpClientAdapter.class, OkHttp4Module.NAME), request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object call, @Advice.Enter Object download, @Advice.Thrown Throwable thrown) {
    DownloadStage.exit(call, download, false, -1, -1, thrown);
  }
}
