package io.pixtrace.instrumentation.httpurlconnection;

import io.pixtrace.bootstrap.DownloadStage;
import net.bytebuddy.asm.Advice;

/** {@code disconnect()}: ends a download that never reached {@code getInputStream()}. */
public final class DisconnectAdvice {
  private DisconnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object connection) {
    DownloadStage.complete(connection, -1, -1, null);
  }
}
