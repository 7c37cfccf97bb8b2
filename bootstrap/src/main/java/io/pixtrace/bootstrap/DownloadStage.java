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
import java.util.Locale;
import java.util.Map;
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
 */
public final class DownloadStage {
  static final AttributeKey<Long> RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
  private static final CallDepth DEPTH = new CallDepth();
  private static final Object NESTED = new Object();

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
    Telemetry t = Pixtrace.telemetry();
    if (t == null || adapter == null || request == null) {
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
      String method = adapter.method(request);
      method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
      String url = adapter.url(request);
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
      ((CompletableFuture<?>) future).whenComplete((response, error) -> finish(adapter, d, response, error));
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not follow an asynchronous download", e);
      finish(adapter, d, null, null);
    }
  }

  private static void finish(HttpClientAdapter adapter, Download d, Object response, Throwable thrown) {
    try {
      long endNano = System.nanoTime();
      Span span = d.span;
      Telemetry t = Pixtrace.telemetry();
      int status = -1;
      String category = null;
      String semconvError = null;
      if (thrown != null) {
        Throwable cause = Errors.unwrap(thrown);
        category = Errors.category(cause, Errors.DOWNLOAD);
        semconvError = cause.getClass().getName();
        Errors.fail(span, category, cause);
      } else if (response != null) {
        status = adapter.statusCode(response);
        if (status > 0) {
          span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        long size = adapter.contentLength(response);
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
        t.metrics.spanDuration.record(seconds, StageMetrics.DOWNLOADING);
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
