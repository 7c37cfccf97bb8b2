package io.pixtrace.instrumentation.servlet;

import io.pixtrace.bootstrap.HttpServerAdapter;
import io.pixtrace.bootstrap.Adapters;
import io.pixtrace.bootstrap.ServerStage;
import net.bytebuddy.asm.Advice;

/**
 * Starts and ends the request stage around the outermost {@code jakarta.servlet} chain or
 * servlet call. Inlined into the container's (or the web application's) class, so the servlet
 * types it names resolve there. The request carries its handle in the attribute
 * {@code io.pixtrace.request} once traced, so a later dispatch of the same request (async
 * dispatch, error page) starts no second span but runs in the request's context.
 */
public final class JakartaServletAdvice {
  /** The API's package, also the name the adapter is registered under. */
  public static final String API = "jakarta.servlet";

  private JakartaServletAdvice() {}

  /**
   * Starts the SERVER span; on a later dispatch of a traced request ({@code AsyncContext.dispatch},
   * an error page) makes its context current again; {@code null} for nested calls or when off.
   */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    if (!(request instanceof jakarta.servlet.http.HttpServletRequest)
        || !(response instanceof jakarta.servlet.http.HttpServletResponse)) {
      return null;
    }
    Object traced = ((jakarta.servlet.ServletRequest) request).getAttribute("io.pixtrace.request");
    if (traced != null) {
      return ServerStage.resume(traced);
    }
    Object handle = ServerStage.start(Adapters.get(HttpServerAdapter.class, API), new Object[] {request, response});
    if (handle != null) {
      ((jakarta.servlet.ServletRequest) request).setAttribute("io.pixtrace.request", handle);
    }
    return handle;
  }

  /** Ends it now, or when the async work completes. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object handle, @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response, @Advice.Thrown Throwable thrown) {
    if (handle != null) {
      ServerStage.end(Adapters.get(HttpServerAdapter.class, API), handle,
          thrown == null ? new Object[] {request, response} : new Object[] {request, response, thrown}, thrown);
    }
  }
}
