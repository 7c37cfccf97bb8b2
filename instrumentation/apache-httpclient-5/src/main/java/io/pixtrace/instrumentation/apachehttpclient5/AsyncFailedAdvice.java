package io.pixtrace.instrumentation.apachehttpclient5;

import io.pixtrace.bootstrap.DownloadStage;
import net.bytebuddy.asm.Advice;

/** An async exchange failed before its response head arrived: its download ends with the cause. */
public final class AsyncFailedAdvice {
  private AsyncFailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object callback, @Advice.Argument(0) Exception cause) {
    DownloadStage.complete(callback, -1, -1, cause);
  }
}
