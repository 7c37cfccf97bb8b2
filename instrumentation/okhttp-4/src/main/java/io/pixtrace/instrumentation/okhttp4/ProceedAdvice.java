package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.bootstrap.HttpClientAdapter;
import io.pixtrace.bootstrap.Adapters;
import io.pixtrace.bootstrap.DownloadStage;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** At the chain's first link, replaces the request with a copy carrying trace headers. */
public final class ProceedAdvice {
  private ProceedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("call") Object call, @Advice.FieldValue("index") int index,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    if (index == 0) {
      Object download = DownloadStage.open(call);
      if (download != null) {
        request = DownloadStage.outgoing(Adapters.get(HttpClientAdapter.class, OkHttp4Module.NAME), download, request);
      }
    }
  }
}
