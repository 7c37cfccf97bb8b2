package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One download (CLIENT span) under way, as {@link DownloadStage} hands it to a client's
 * advice; the stage returns {@code null} instead when nothing was started. The advice adds
 * {@link #traceHeaders()} to the request and leaves its call with exactly one of
 * {@link #end}, {@link #exit}, {@link #endWhenDone} or {@link #leaveUntilDone}, on the thread
 * that entered it. A download
 * ends once: later ends are ignored. No method throws.
 */
public final class Download {
  private final RequestState state;
  private final Span span;
  private final Context context;
  private final long startNano;
  private final String method;
  private final String host;
  private final long port;
  /** Inside a configured download method, which already is the stage: no second sample. */
  private final boolean insideStageMethod = MethodStage.downloadActive();
  /** Set by whoever ends the span first: the call's end, a completion callback or the request's end. */
  private final AtomicBoolean finished = new AtomicBoolean();
  private Map<String, String> headers;
  /** The key of a keyed download, weakly: the map of open downloads must not hold it. */
  volatile WeakReference<Object> key;

  Download(RequestState state, Span span, Context context, long startNano, String method, String host, long port) {
    this.state = state;
    this.span = span;
    this.context = context;
    this.startNano = startNano;
    this.method = method;
    this.host = host;
    this.port = port;
  }

  /**
   * The trace headers to add to this download's request: the configured propagators' fields
   * for the download's span, the same map on every call. Empty when propagation to origins is
   * off ({@code IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL} unset, or
   * {@code IMGPROXY_OPEN_TELEMETRY_DISABLE=propagation}).
   */
  public Map<String, String> traceHeaders() {
    synchronized (this) {
      if (headers != null) {
        return headers;
      }
    }
    Map<String, String> h = Map.of();
    Telemetry t = Pixtrace.telemetry();
    if (t != null && t.propagateExternal) {
      try {
        Map<String, String> injected = new HashMap<>(4);
        t.propagator.inject(context, injected, Map::put);
        h = Map.copyOf(injected);
      } catch (Throwable e) {
        AgentLog.error("stage:download", "could not add trace headers to a download", e);
      }
    }
    synchronized (this) {
      if (headers == null) {
        headers = h;
      }
      return headers;
    }
  }

  /**
   * Leaves the call and ends the download with its response or what was thrown. A status of
   * 400 or more, or a thrown exception, fails the download.
   *
   * @param status the response status code, or -1 when there is none
   * @param bodySize the response body size in bytes ({@code Content-Length}), or -1 when unknown
   * @param thrown what the call threw, or {@code null}
   */
  public void end(int status, long bodySize, Throwable thrown) {
    DownloadStage.leave();
    finish(status, bodySize, thrown);
  }

  /**
   * Leaves the call, the download still under way (a reactive client's: its response arrives
   * on another thread): it ends with {@link #done}, on any thread, or at the latest when the
   * request ends.
   */
  public void leaveUntilDone() {
    DownloadStage.leave();
    try {
      state.addPendingDownload(() -> finish(-1, -1, null));
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not follow an asynchronous download", e);
    }
  }

  /**
   * Ends a download {@link #leaveUntilDone} left under way, on any thread (once; later ends
   * are ignored).
   *
   * @param status the response status code, or -1 when there is none
   * @param bodySize the response body size in bytes, or -1 when unknown
   * @param thrown what failed the download, or {@code null}
   */
  public void done(int status, long bodySize, Throwable thrown) {
    finish(status, bodySize, thrown);
  }

  /**
   * Leaves one call of a keyed download ({@link DownloadStage#enter}) without ending it: it
   * stays open for a later call or {@link DownloadStage#complete}. Ends it only when the call
   * threw ({@code thrown} not {@code null}).
   */
  public void exit(Throwable thrown) {
    DownloadStage.leave();
    if (thrown != null) {
      finish(-1, -1, thrown);
    }
  }

  /**
   * Leaves the call; the download ends when {@code future} completes (its response read by
   * {@code reader}), or when the request ends if the future is done by then and its callback
   * has not run yet. The future is not replaced; a completion callback is added to it.
   *
   * @param reader reads the status code and body size of the future's response ({@code null}:
   *     none are recorded)
   */
  public void endWhenDone(CompletableFuture<?> future, HttpClientAdapter reader) {
    DownloadStage.leave();
    if (future == null) {
      finish(-1, -1, null);
      return;
    }
    try {
      state.addPendingDownload(() -> settle(future, reader));
      future.whenComplete((response, error) -> finish(reader, response, error));
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not follow an asynchronous download", e);
      finish(-1, -1, null);
    }
  }

  /**
   * Run by the request's end ({@link DownloadStage#settle(RequestState)}): the host's thread
   * waiting on the future wakes up at the same moment as the completion callback starts, so
   * without this the request could end before the callback recorded the download's category.
   */
  private void settle(CompletableFuture<?> future, HttpClientAdapter reader) {
    if (!future.isDone()) {
      return; // still under way: its callback clamps it to the request's end
    }
    Object response = null;
    Throwable error = null;
    try {
      response = future.getNow(null);
    } catch (Throwable e) {
      error = e; // CompletionException or CancellationException
    }
    try {
      // The category first, even when the callback already claimed the span: it may be
      // ending it this very moment, not yet having recorded the category.
      int status = error == null && response != null && reader != null ? reader.statusCode(response) : -1;
      String category = error != null ? Errors.category(Errors.unwrap(error), Errors.DOWNLOAD)
          : status >= 400 ? Errors.DOWNLOAD : null;
      if (category != null) {
        state.error(category);
      }
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not read a download response", e);
    }
    finish(reader, response, error);
  }

  private void finish(HttpClientAdapter reader, Object response, Throwable thrown) {
    int status = -1;
    long size = -1;
    if (thrown == null && response != null && reader != null) {
      try {
        status = reader.statusCode(response);
        size = reader.bodySize(response);
      } catch (Throwable e) {
        AgentLog.error("stage:download", "could not read a download response", e);
      }
    }
    finish(status, size, thrown);
  }

  /** Ends the span and records the metrics, once, from any thread. */
  void finish(int status, long size, Throwable thrown) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    DownloadStage.closed(this);
    try {
      // An asynchronous download's completion callback may run after the host, already
      // woken by the same completion, ended the request: it ended no later than that.
      long endNano = state.clampToEnd(System.nanoTime());
      Telemetry t = Pixtrace.telemetry();
      String category = null;
      String semconvError = null;
      if (thrown != null) {
        Throwable cause = Errors.unwrap(thrown);
        category = Errors.category(cause, Errors.DOWNLOAD);
        semconvError = cause.getClass().getName();
        Errors.fail(span, category, cause);
      } else {
        if (status > 0) {
          span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (size >= 0) {
          span.setAttribute(DownloadStage.RESPONSE_BODY_SIZE, size);
        }
        if (status >= 400) {
          category = Errors.DOWNLOAD;
          semconvError = Integer.toString(status);
          Errors.fail(span, category, method + " responded " + status, state.toEpochNanos(endNano));
        }
      }
      span.end(state.toEpochNanos(endNano), TimeUnit.NANOSECONDS);
      if (category != null) {
        state.error(category);
      }
      if (t != null) {
        double seconds = StageMetrics.seconds(endNano - startNano);
        if (!insideStageMethod) {
          t.metrics.spanDuration.record(seconds, StageMetrics.DOWNLOADING, StageMetrics.in(span));
        }
        if (category != null) {
          t.metrics.error(category);
        } else if (size >= 0) {
          t.metrics.sourceImageSize.record(size, Attributes.empty(), StageMetrics.in(span));
        }
        AttributesBuilder a = Attributes.builder().put(HttpAttributes.HTTP_REQUEST_METHOD, method);
        if (status > 0) {
          a.put(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (host != null) {
          a.put(ServerAttributes.SERVER_ADDRESS, host).put(ServerAttributes.SERVER_PORT, port);
        }
        if (semconvError != null) {
          a.put(ErrorAttributes.ERROR_TYPE, semconvError);
        }
        t.metrics.httpClientDuration.record(seconds, a.build(), StageMetrics.in(span));
      }
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not end the download span", e);
    }
  }

  boolean finished() {
    return finished.get();
  }
}
