package io.pixtrace.instrumentation.webflux;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.DownloadStage;
import io.pixtrace.bootstrap.ReactiveStage;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code WebClient}'s {@code ExchangeFunction.exchange(ClientRequest)}, called when the
 * request is subscribed: starts the download, sends the trace headers when propagation is on,
 * and follows the returned {@code Mono<ClientResponse>} to the end of the response body.
 */
public final class ExchangeAdvice {
  private ExchangeAdvice() {}

  /** Starts the download; swaps in a copy of the request with trace headers. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Download enter(@Advice.Origin Class<?> type,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request,
      @Advice.Local("context") Object context) {
    ReactiveStage.Support support = ReactiveStage.support(type);
    if (support == null) {
      return null;
    }
    context = ReactiveStage.currentRequestContext();
    DownloadRequest what = context == null ? null : support.downloadRequest(request);
    Download download = what == null ? null : DownloadStage.start(what);
    if (download != null) {
      Map<String, String> headers = download.traceHeaders();
      if (!headers.isEmpty()) {
        request = support.withHeaders(request, headers);
      }
    }
    return download;
  }

  /** Follows the response; ends the download now if the call threw. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Origin Class<?> type, @Advice.Enter Download download,
      @Advice.Local("context") Object context,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object mono, @Advice.Thrown Throwable thrown) {
    if (download == null) {
      return;
    }
    if (thrown != null || mono == null) {
      download.end(-1, -1, thrown);
      return;
    }
    download.leaveUntilDone();
    mono = ReactiveStage.support(type).followDownload(mono, download, context);
  }
}
