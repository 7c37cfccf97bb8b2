package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.net.URI;
import java.util.HashMap;
import java.util.Collections;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The download stage: a CLIENT span for each outbound HTTP request made while a request is
 * being served (HTTP client semantic conventions: span {@code {method}}, {@code url.full}
 * redacted, {@code server.address}, {@code http.response.status_code}), feeding
 * {@code request_span_duration_seconds{span="downloading_image"}} and
 * {@code http.client.request.duration}. A 4xx or 5xx answer, a timeout or an I/O error marks
 * the span failed with {@code error.type} {@code download} or {@code timeout} and counts in
 * {@code errors_total}. Trace headers are injected only when
 * {@code IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL=true}.
 *
 * <p>Two ways in. Clients whose types the agent can see (the JDK's {@code java.net.http})
 * pass an {@link HttpClientAdapter} and their request/response objects. Clients loaded by the
 * host's class loader (Apache HttpClient, OkHttp) and {@code HttpURLConnection} pass plain
 * values their advice read inline ({@link #start(String, String)}, {@link #end(Object, int,
 * long, Throwable)}). A download that spans several calls, or ends on another thread, is
 * <em>keyed</em> by an object of the library (the connection, the call, the completion
 * callback): {@link #enter}, {@link #exit}, {@link #complete}.
 */
public final class DownloadStage {
  static final AttributeKey<Long> RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
  private static final CallDepth DEPTH = new CallDepth();
  private static final Object NESTED = new Object();
  /** Keyed downloads under way, weakly by their key (which does not override equals). */
  private static final Map<Object, Download> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

  private DownloadStage() {}

  /** One download in flight. */
  static final class Download {
    final RequestState state;
    final Span span;
    final Context context;
    final long startNano;
    final String method;
    final String host;
    final long port;
    boolean headersTaken;
    /** Set by whoever ends the span first: the completion callback or the request's end. */
    final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    /** Inside a configured download method, which already is the stage: no second sample. */
    final boolean insideStageMethod = MethodStage.downloadActive();

    Download(RequestState state, Span span, Context context, long startNano, String method, String host, long port) {
      this.state = state;
      this.span = span;
      this.context = context;
      this.startNano = startNano;
      this.method = method;
      this.host = host;
      this.port = port;
    }
  }

  /** Whether this thread is inside an instrumented download (its internals are not stages). */
  static boolean active() {
    return DEPTH.active();
  }

  /**
   * Starts a download span when a request is in flight and this is the outermost call.
   *
   * @return a handle for {@link #end}/{@link #endAsync} ({@code null} when nothing started;
   *     a nested marker still must be passed to {@code end})
   */
  public static Object start(HttpClientAdapter adapter, Object request) {
    if (Pixtrace.telemetry() == null || adapter == null || request == null || RequestState.current() == null) {
      return null;
    }
    String method;
    String url;
    try {
      method = adapter.method(request);
      url = adapter.url(request);
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not read a download request", e);
      return null;
    }
    return start(method, url);
  }

  /**
   * Starts a download span from plain values, when a request is in flight and this is the
   * outermost call; like {@link #start(HttpClientAdapter, Object)}. End it with
   * {@link #end(Object, int, long, Throwable)}.
   */
  public static Object start(String method, String url) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null || url == null) {
      return null;
    }
    try {
      RequestState state = RequestState.current();
      if (state == null) {
        return null;
      }
      if (DEPTH.enter() > 0) {
        return NESTED;
      }
      long startNano = System.nanoTime();
      method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
      String host = null;
      long port = -1;
      try {
        URI uri = URI.create(url);
        host = uri.getHost();
        port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      } catch (RuntimeException ignored) {
        // An unparsable URL still gets a span, just without server.* attributes.
      }
      Context parent = Context.current();
      var b = t.tracer.spanBuilder(method)
          .setSpanKind(SpanKind.CLIENT)
          .setParent(parent)
          .setStartTimestamp(state.toEpochNanos(startNano), TimeUnit.NANOSECONDS)
          .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, method)
          .setAttribute(io.opentelemetry.semconv.UrlAttributes.URL_FULL, t.redactor.redactUrl(url));
      if (host != null) {
        b.setAttribute(ServerAttributes.SERVER_ADDRESS, host);
        b.setAttribute(ServerAttributes.SERVER_PORT, port);
      }
      Span span = b.startSpan();
      return new Download(state, span, parent.with(span), startNano, method, host, port);
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not start the download span", e);
      return null;
    }
  }

  /**
   * The trace headers to add to this download's request, the first time they are asked for;
   * empty when propagation to origins is off, for a nested call, or when already taken.
   */
  public static Map<String, String> traceHeaders(Object handle) {
    Telemetry t = Pixtrace.telemetry();
    if (!(handle instanceof Download) || t == null || !t.propagateExternal) {
      return Map.of();
    }
    Download d = (Download) handle;
    try {
      synchronized (d) {
        if (d.headersTaken) {
          return Map.of();
        }
        d.headersTaken = true;
      }
      Map<String, String> headers = new HashMap<>(4);
      t.propagator.inject(d.context, headers, Map::put);
      return headers;
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not add trace headers to a download", e);
      return Map.of();
    }
  }

  /** Ends a download started with {@link #start(String, String)} (nested markers included). */
  public static void end(Object handle, int status, long contentLength, Throwable thrown) {
    if (handle == null) {
      return;
    }
    DEPTH.exit();
    if (handle instanceof Download) {
      finish((Download) handle, status, contentLength, thrown);
    }
  }

  /**
   * Enters one call of a keyed download: returns the download open for {@code key} (started
   * by an earlier call, maybe on another thread), or, when {@code mayStart} and a request is
   * in flight, starts one and keys it. Inside another download it returns a nested marker.
   * Every non-null result must be passed to {@link #exit}.
   */
  public static Object enter(Object key, boolean mayStart, String method, String url) {
    if (Pixtrace.telemetry() == null || key == null) {
      return null;
    }
    if (DEPTH.active()) {
      DEPTH.enter();
      return NESTED;
    }
    Download open = OPEN.get(key);
    if (open != null) {
      DEPTH.enter();
      return open;
    }
    if (!mayStart) {
      return null;
    }
    Object handle = start(method, url);
    if (handle instanceof Download) {
      OPEN.put(key, (Download) handle);
    }
    return handle;
  }

  /**
   * {@link #enter(Object, boolean, String, String)} reading the request through an adapter,
   * only when a download is to be started.
   */
  public static Object enter(Object key, boolean mayStart, HttpClientAdapter adapter, Object request) {
    if (Pixtrace.telemetry() == null || key == null || adapter == null || request == null) {
      return null;
    }
    if (mayStart && !DEPTH.active() && RequestState.current() != null && OPEN.get(key) == null) {
      try {
        return enter(key, true, adapter.method(request), adapter.url(request));
      } catch (Throwable e) {
        AgentLog.error("stage:download", "could not read a download request", e);
        return null;
      }
    }
    return enter(key, false, (String) null, (String) null);
  }

  /** The keyed download open for {@code key}, or null. */
  public static Object open(Object key) {
    return key == null || Pixtrace.telemetry() == null ? null : OPEN.get(key);
  }

  /**
   * Leaves a call entered with {@link #enter}. The download ends here when {@code done} (the
   * response is known) or something was thrown; otherwise it stays open for a later call or
   * for {@link #complete}.
   */
  public static void exit(Object key, Object handle, boolean done, int status, long contentLength, Throwable thrown) {
    if (handle == null) {
      return;
    }
    DEPTH.exit();
    if (handle instanceof Download && (done || thrown != null)) {
      complete(key, status, contentLength, thrown);
    }
  }

  /** Ends the download keyed by {@code key}, if one is open, from any thread. */
  public static void complete(Object key, int status, long contentLength, Throwable thrown) {
    if (key == null) {
      return;
    }
    Download d = OPEN.remove(key);
    if (d != null) {
      finish(d, status, contentLength, thrown);
    }
  }

  /**
   * The request to send: with trace headers when propagation to origins is on, else the
   * same request.
   */
  public static Object outgoing(HttpClientAdapter adapter, Object handle, Object request) {
    if (!(handle instanceof Download)) {
      return request;
    }
    Telemetry t = Pixtrace.telemetry();
    if (t == null || !t.propagateExternal) {
      return request;
    }
    try {
      Map<String, String> headers = new HashMap<>(4);
      t.propagator.inject(((Download) handle).context, headers, Map::put);
      if (headers.isEmpty()) {
        return request;
      }
      Object replaced = adapter.withHeaders(request, headers);
      return replaced == null ? request : replaced;
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not add trace headers to a download", e);
      return request;
    }
  }

  /** Ends a synchronous download with its response or what was thrown. */
  public static void end(HttpClientAdapter adapter, Object handle, Object response, Throwable thrown) {
    if (handle == null) {
      return;
    }
    DEPTH.exit();
    if (handle instanceof Download) {
      finish(adapter, (Download) handle, response, thrown);
    }
  }

  /**
   * Ends an asynchronous download when its future completes. The future returned to the
   * host is not replaced; a completion callback is added to it.
   */
  public static void endAsync(HttpClientAdapter adapter, Object handle, Object future, Throwable thrown) {
    if (handle == null) {
      return;
    }
    DEPTH.exit();
    if (!(handle instanceof Download)) {
      return;
    }
    Download d = (Download) handle;
    if (thrown != null || !(future instanceof CompletableFuture)) {
      finish(adapter, d, null, thrown);
      return;
    }
    try {
      CompletableFuture<?> f = (CompletableFuture<?>) future;
      d.state.addPendingDownload(() -> settle(adapter, d, f));
      f.whenComplete((response, error) -> finish(adapter, d, response, error));
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not follow an asynchronous download", e);
      finish(adapter, d, null, null);
    }
  }

  /**
   * Called by the request stage when the request ends: asynchronous downloads whose future is
   * done are settled now, on the request's thread. The host's thread waiting on the future
   * wakes up at the same moment as the completion callback starts, so without this the
   * request could end before the callback recorded the download's error category.
   */
  static void settle(RequestState state) {
    List<Runnable> pending = state.takePendingDownloads();
    if (pending != null) {
      for (Runnable r : pending) {
        r.run();
      }
    }
  }

  private static void settle(HttpClientAdapter adapter, Download d, CompletableFuture<?> future) {
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
      int status = error == null && response != null ? adapter.statusCode(response) : -1;
      String category = error != null ? Errors.category(Errors.unwrap(error), Errors.DOWNLOAD)
          : status >= 400 ? Errors.DOWNLOAD : null;
      if (category != null) {
        d.state.error(category);
      }
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not read a download response", e);
    }
    finish(adapter, d, response, error);
  }

  private static void finish(HttpClientAdapter adapter, Download d, Object response, Throwable thrown) {
    int status = -1;
    long size = -1;
    if (thrown == null && response != null) {
      try {
        status = adapter.statusCode(response);
        size = adapter.contentLength(response);
      } catch (Throwable e) {
        AgentLog.error("stage:download", "could not read a download response", e);
      }
    }
    finish(d, status, size, thrown);
  }

  private static void finish(Download d, int status, long size, Throwable thrown) {
    if (!d.finished.compareAndSet(false, true)) {
      return;
    }
    try {
      // An asynchronous download's completion callback may run after the host, already
      // woken by the same completion, ended the request: it ended no later than that.
      long endNano = d.state.clampToEnd(System.nanoTime());
      Span span = d.span;
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
          span.setAttribute(RESPONSE_BODY_SIZE, size);
        }
        if (status >= 400) {
          category = Errors.DOWNLOAD;
          semconvError = Integer.toString(status);
          Errors.fail(span, category, d.method + " responded " + status, d.state.toEpochNanos(endNano));
        }
      }
      span.end(d.state.toEpochNanos(endNano), TimeUnit.NANOSECONDS);
      if (category != null) {
        d.state.error(category);
      }
      if (t != null) {
        double seconds = StageMetrics.seconds(endNano - d.startNano);
        if (!d.insideStageMethod) {
          t.metrics.spanDuration.record(seconds, StageMetrics.DOWNLOADING);
        }
        if (category != null) {
          t.metrics.error(category);
        }
        AttributesBuilder a = Attributes.builder().put(HttpAttributes.HTTP_REQUEST_METHOD, d.method);
        if (status > 0) {
          a.put(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (d.host != null) {
          a.put(ServerAttributes.SERVER_ADDRESS, d.host).put(ServerAttributes.SERVER_PORT, d.port);
        }
        if (semconvError != null) {
          a.put(ErrorAttributes.ERROR_TYPE, semconvError);
        }
        t.metrics.httpClientDuration.record(seconds, a.build());
      }
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not end the download span", e);
    }
  }
}
