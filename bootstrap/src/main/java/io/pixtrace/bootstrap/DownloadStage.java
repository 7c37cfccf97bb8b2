package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The download stage: a CLIENT span for each outbound HTTP request made while a request is
 * being served, as docs/telemetry.md ("Download") describes it: span {@code {method}},
 * {@code url.full} redacted, {@code server.address}/{@code server.port},
 * {@code http.response.status_code}, {@code http.response.body.size}; it feeds
 * {@code request_span_duration_seconds{span="downloading_image"}} and
 * {@code http.client.request.duration} (seconds). A 4xx or 5xx answer, a timeout or an I/O
 * error fails it with {@code error.type} {@code download} or {@code timeout} and counts in
 * {@code errors_total}.
 *
 * <p>A client's advice builds a {@link DownloadRequest} from the library's own request and
 * gets a {@link Download} handle, or {@code null} when nothing started: no request in flight,
 * the agent off, or a call nested in another download on this thread (a client's internal
 * re-entry, or one client used inside another, yields one span). A download that spans
 * several calls or ends on another thread (an {@code HttpURLConnection}, an enqueued OkHttp
 * call, an Apache async exchange) is <em>keyed</em> by an object of the library:
 * {@link #enter}, {@link #open}, {@link #complete}. Nothing here throws into the host.
 */
public final class DownloadStage {
  static final AttributeKey<Long> RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
  /** Calls of a download under way on this thread: inside them nothing starts another. */
  private static final CallDepth DEPTH = new CallDepth();
  /** Keyed downloads under way, weakly by their key (which does not override equals). */
  private static final Map<Object, Download> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

  private DownloadStage() {}

  /**
   * Starts a download when a request is in flight and no download is under way on this
   * thread. End it on this thread with {@link Download#end} or {@link Download#endWhenDone}.
   *
   * @return the download, or {@code null} when nothing started
   */
  public static Download start(DownloadRequest request) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null || request == null || request.url() == null || DEPTH.active()) {
      return null;
    }
    try {
      RequestState state = RequestState.current();
      if (state == null) {
        return null;
      }
      long startNano = System.nanoTime();
      String method = request.method() == null ? "GET" : request.method().toUpperCase(Locale.ROOT);
      String url = request.url();
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
          .setAttribute(UrlAttributes.URL_FULL, t.redactor.redactUrl(url));
      if (host != null) {
        b.setAttribute(ServerAttributes.SERVER_ADDRESS, host);
        b.setAttribute(ServerAttributes.SERVER_PORT, port);
      }
      Span span = b.startSpan();
      Download d = new Download(state, span, parent.with(span), startNano, method, host, port);
      DEPTH.enter();
      return d;
    } catch (Throwable e) {
      AgentLog.error("stage:download", "could not start the download span", e);
      return null;
    }
  }

  /**
   * Enters one call of a download keyed by {@code key}: continues the download open for it
   * (started by an earlier call, maybe on another thread, and not yet ended), or else, given a
   * {@code request}, starts one as {@link #start} does and keys it. Leave the call on this
   * thread with {@link Download#exit} (the download stays open) or {@link Download#end}.
   *
   * @param request the request to start a download for, or {@code null} to only continue one
   * @return the download, or {@code null} when there is none to continue and nothing started
   */
  public static Download enter(Object key, DownloadRequest request) {
    if (key == null || Pixtrace.telemetry() == null || DEPTH.active()) {
      return null;
    }
    Download open = OPEN.get(key);
    if (open != null && !open.finished()) {
      DEPTH.enter();
      return open;
    }
    if (request == null) {
      return null;
    }
    Download d = start(request);
    if (d != null) {
      d.key = new WeakReference<>(key);
      OPEN.put(key, d);
    }
    return d;
  }

  /**
   * The download open for {@code key}, without entering a call (to add its trace headers
   * from inside the client), or {@code null}.
   */
  public static Download open(Object key) {
    if (key == null || Pixtrace.telemetry() == null) {
      return null;
    }
    Download d = OPEN.get(key);
    return d == null || d.finished() ? null : d;
  }

  /**
   * Ends the download open for {@code key}, if there is one, from any thread (a completion
   * callback, a disconnect); like {@link Download#end} but outside the download's calls.
   *
   * @param status the response status code, or -1 when there is none
   * @param bodySize the response body size in bytes, or -1 when unknown
   * @param thrown the failure, or {@code null}
   */
  public static void complete(Object key, int status, long bodySize, Throwable thrown) {
    if (key == null) {
      return;
    }
    Download d = OPEN.remove(key);
    if (d != null) {
      d.finish(status, bodySize, thrown);
    }
  }

  /** Whether this thread is inside an instrumented download (its internals are not stages). */
  static boolean active() {
    return DEPTH.active();
  }

  /** A call of a download leaves this thread. */
  static void leave() {
    DEPTH.exit();
  }

  /** A keyed download ended: it is no longer open for its key. */
  static void closed(Download d) {
    WeakReference<Object> ref = d.key;
    Object key = ref == null ? null : ref.get();
    if (key != null) {
      OPEN.remove(key, d);
    }
  }

  /**
   * Called by the request stage when the request ends: asynchronous downloads whose future is
   * done are settled now, on the request's thread ({@link Download#endWhenDone}).
   */
  static void settle(RequestState state) {
    List<Runnable> pending = state.takePendingDownloads();
    if (pending != null) {
      for (Runnable r : pending) {
        r.run();
      }
    }
  }
}
