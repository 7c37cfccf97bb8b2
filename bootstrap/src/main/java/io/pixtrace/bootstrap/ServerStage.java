package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The request stage: one SERVER span per inbound HTTP request, named and attributed by the
 * HTTP server semantic conventions (span {@code {method} {route}}), plus imgproxy's request
 * metrics ({@code requests_total}, {@code status_codes_total}, {@code request_duration_seconds},
 * {@code requests_in_progress}) and {@code http.server.request.duration}.
 *
 * <p>Called from advice: every method catches everything and returns {@code null} when it
 * starts nothing, so the host's call proceeds as without the agent.
 */
public final class ServerStage {
  /**
   * The name of a {@link Runnable} ({@link Adapters}) run once after the first request ended: the
   * agent's start-up work that waits until the host serves (its runtime metrics). Cheap, never
   * throws; two requests ending at once may both run it.
   */
  public static final String FIRST_REQUEST_ENDED = "server:first-request-ended";

  /** Whether a request has ended since the agent started; read once per request end. */
  private static volatile boolean requestEnded;

  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  /**
   * Requests in flight whose server library reports the response's completion, by the
   * adapter's {@link HttpServerAdapter#completionKey} (compared by identity: the library's
   * exchange object). An entry leaves when the request finishes, whatever ends it.
   */
  private static final ConcurrentHashMap<Object, RequestState> PENDING = new ConcurrentHashMap<>();

  /** Attribute of a request that the host did not complete within the response timeout. */
  static final String INCOMPLETE = "pixtrace.response.incomplete";

  private ServerStage() {}

  /**
   * Starts the request: extracts the caller's context, starts the SERVER span and makes it
   * current. Nested calls for the same request (filter chains) return {@code null}.
   *
   * @return the request handle to pass to {@link #end}, or {@code null}
   */
  public static Object start(HttpServerAdapter adapter, Object request) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null || adapter == null || request == null) {
      return null;
    }
    try {
      if (RequestState.current() != null) {
        return null;
      }
      String path = adapter.path(request);
      if (t.skips(path)) {
        return null;
      }
      long startNano = System.nanoTime();
      long startEpoch = RequestState.wallClockEpochNanos();
      Context parent = t.propagator.extract(Context.root(), request, adapter);
      String rawMethod = adapter.method(request);
      String method = rawMethod == null ? "_OTHER" : rawMethod.toUpperCase(Locale.ROOT);
      boolean known = KNOWN_METHODS.contains(method);
      String route = adapter.route(request);
      String spanName = !known ? "HTTP" : route == null ? method : method + " " + Privacy.hashEmails(route);
      SpanBuilder b = t.tracer.spanBuilder(spanName)
          .setSpanKind(SpanKind.SERVER)
          .setParent(parent)
          .setStartTimestamp(startEpoch, TimeUnit.NANOSECONDS)
          .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, known ? method : "_OTHER");
      if (!known && rawMethod != null) {
        b.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, rawMethod);
      }
      set(b, UrlAttributes.URL_PATH, t.redactor.redactPath(path));
      String query = adapter.query(request);
      if (query != null && !query.isEmpty()) {
        b.setAttribute(UrlAttributes.URL_QUERY, t.redactor.redactQuery(query));
      }
      set(b, UrlAttributes.URL_SCHEME, adapter.scheme(request));
      set(b, HttpAttributes.HTTP_ROUTE, route);
      set(b, ServerAttributes.SERVER_ADDRESS, adapter.serverAddress(request));
      int port = adapter.serverPort(request);
      if (port > 0) {
        b.setAttribute(ServerAttributes.SERVER_PORT, (long) port);
      }
      set(b, ClientAttributes.CLIENT_ADDRESS, adapter.clientAddress(request));
      set(b, UserAgentAttributes.USER_AGENT_ORIGINAL, adapter.userAgent(request));
      set(b, NetworkAttributes.NETWORK_PROTOCOL_VERSION, adapter.protocolVersion(request));
      for (int i = 0; i < t.headerNames.length; i++) {
        String value = adapter.get(request, t.headerNames[i]);
        if (value != null) {
          b.setAttribute(t.headerKeys[i], List.of(value));
        }
      }
      Span span = b.startSpan();
      RequestState state = new RequestState(span, startNano, startEpoch);
      state.route = route;
      state.context = parent.with(span).with(RequestState.KEY, state);
      state.adapter = adapter;
      state.request = request;
      Object key = adapter.completionKey(request);
      if (key != null) {
        state.completionKey = key;
        PENDING.put(key, state);
      }
      state.scope = state.context.makeCurrent();
      t.metrics.requests.add(1);
      t.metrics.requestsInProgress.incrementAndGet();
      return state;
    } catch (Throwable e) {
      AgentLog.error("stage:server", "could not start the request span", e);
      return null;
    }
  }

  /**
   * The entry call returned: ends the request now, or, when its response is still being
   * produced on other threads, lets it end when the response completes. Call it on the
   * thread that called {@link #start}. A request ends later when the adapter tracks its
   * completion ({@link HttpServerAdapter#completionKey}: {@link #responseComplete} has not
   * been called yet) or when it says so ({@link HttpServerAdapter#endsLater}: an async
   * servlet). Such a request's context leaves this thread now; it ends on whatever thread
   * completes it, or after the response timeout, marked {@value #INCOMPLETE}.
   *
   * @param handle what {@link #start} returned (nothing happens for {@code null})
   * @param thrown what the handler threw, or {@code null}
   */
  public static void end(HttpServerAdapter adapter, Object handle, Object request, Throwable thrown) {
    if (handle instanceof RequestState.Resumed) {
      ((RequestState.Resumed) handle).close(); // a later dispatch returned: the request goes on
      return;
    }
    if (!(handle instanceof RequestState)) {
      return;
    }
    RequestState state = (RequestState) handle;
    try {
      state.scope.close();
      if (thrown == null) {
        if (state.completionKey != null) {
          if ((state.mark(RequestState.EXITED) & RequestState.COMPLETED) == 0) {
            awaitCompletion(adapter, state, request);
            return;
          }
        } else if (adapter.endsLater(request, failure -> finish(adapter, state, request, failure, false))) {
          awaitCompletion(adapter, state, request);
          return;
        }
      }
    } catch (Throwable e) {
      AgentLog.error("stage:server", "could not end the request span", e);
    }
    finish(adapter, state, request, thrown, false);
  }

  /**
   * A later dispatch of a request already started (a servlet's {@code AsyncContext.dispatch},
   * the container's error page): the request's context becomes current on this thread until
   * {@link #end} is called with the returned handle, which then ends nothing. {@code null}
   * when {@code started} is not a request in flight or another request is current here.
   *
   * @param started what {@link #start} returned for the request
   */
  public static Object resume(Object started) {
    if (!(started instanceof RequestState) || Pixtrace.telemetry() == null) {
      return null;
    }
    try {
      RequestState state = (RequestState) started;
      if (state.isOver() || RequestState.current() != null) {
        return null;
      }
      RequestState.Resumed resumed = new RequestState.Resumed(state);
      resumed.scope = state.context.makeCurrent();
      return resumed;
    } catch (Throwable e) {
      AgentLog.error("stage:server", "could not resume a request's context", e);
      return null;
    }
  }

  /**
   * The server library completed the response of the exchange {@code key} (the JDK server's
   * exchange was closed or its body stream was): the request ends now if its entry call has
   * returned, else when it returns. Unknown keys (requests not traced, already ended) are
   * ignored. One map lookup when the key is unknown.
   */
  public static void responseComplete(Object key) {
    if (key == null || PENDING.isEmpty()) {
      return;
    }
    try {
      RequestState state = PENDING.remove(key);
      if (state != null && (state.mark(RequestState.COMPLETED) & RequestState.EXITED) != 0) {
        finish(state.adapter, state, state.request, null, false);
      }
    } catch (Throwable e) {
      AgentLog.error("stage:server", "could not end the request span", e);
    }
  }

  /**
   * The request object the current request was started with (what the server's advice gave
   * {@link #start}), or {@code null} when no request is in flight here: a framework's advice
   * adds what it learns later (WebFlux's exchange, for the route).
   */
  public static Object currentRequest() {
    RequestState state = RequestState.current();
    return state == null ? null : state.request;
  }

  /** The context of a request {@link #start} returned, as an {@code Object} for advice and helpers; else null. */
  public static Object contextOf(Object handle) {
    return handle instanceof RequestState ? ((RequestState) handle).context : null;
  }

  /**
   * A framework handled an exception of the request in flight here and answers with an error
   * response itself (Spring WebFlux's exception handlers): when the response is a 5xx, the
   * request's span records it as if the handler had thrown it. The first one counts.
   */
  public static void handledException(Throwable exception) {
    RequestState state = RequestState.current();
    if (state != null && exception != null && state.handledException == null) {
      state.handledException = exception;
    }
  }

  /** Requests waiting for their response to complete (for tests). */
  static int pendingResponses() {
    return PENDING.size();
  }

  private static void awaitCompletion(HttpServerAdapter adapter, RequestState state, Object request) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return;
    }
    state.responseTimeout = ResponseTimeouts.schedule(
        () -> finish(adapter, state, request, null, true), t.responseTimeoutNanos);
    if ((state.mark(0) & RequestState.FINISHED) != 0) {
      state.responseTimeout.cancel(false); // completed while the timeout was being set
    }
  }

  /**
   * Records the request's end once, whoever calls first: the entry's return, the completion
   * report, the async listener or the response timeout ({@code timedOut}).
   */
  private static void finish(HttpServerAdapter adapter, RequestState state, Object request, Throwable thrown,
      boolean timedOut) {
    if ((state.mark(RequestState.FINISHED) & RequestState.FINISHED) != 0) {
      return;
    }
    Telemetry t = Pixtrace.telemetry();
    try {
      Future<?> timeout = state.responseTimeout;
      if (timeout != null && !timedOut) {
        timeout.cancel(false);
      }
      if (state.completionKey != null) {
        PENDING.remove(state.completionKey, state);
      }
      DownloadStage.settle(state);
      ProcessingStage.endSegments(state);
      long endNano = System.nanoTime();
      state.ended(endNano);
      int status = adapter.statusCode(request);
      if (thrown == null && status >= 500 && state.handledException != null) {
        thrown = state.handledException;
      }
      Span span = state.span;
      String errorType = null;
      if (status > 0) {
        span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
      }
      updateRoute(adapter, state, request);
      if (timedOut) {
        errorType = Errors.TIMEOUT;
        span.setAttribute(INCOMPLETE, true);
        span.setStatus(StatusCode.ERROR, "response not completed within "
            + TimeUnit.NANOSECONDS.toMillis(t == null ? 0 : t.responseTimeoutNanos) + " ms");
      } else if (thrown != null) {
        errorType = state.errorType != null ? state.errorType : thrown.getClass().getName();
        span.setStatus(StatusCode.ERROR, String.valueOf(thrown.getMessage()));
        span.recordException(thrown);
      } else if (status >= 500) {
        errorType = state.errorType != null ? state.errorType : Integer.toString(status);
        span.setStatus(StatusCode.ERROR);
      }
      if (errorType != null) {
        span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
      }
      span.end(state.toEpochNanos(endNano), TimeUnit.NANOSECONDS);
      if (t != null) {
        StageMetrics m = t.metrics;
        m.requestsInProgress.decrementAndGet();
        double seconds = StageMetrics.seconds(endNano - state.startNanoTime);
        m.requestDuration.record(seconds, Attributes.empty(), StageMetrics.in(span));
        if (status > 0) {
          m.statusCodes.add(1, m.status(status));
        }
        String category = timedOut ? Errors.TIMEOUT : thrown == null ? null : Errors.category(thrown, null);
        if (category != null && state.errorType == null) {
          m.error(category);
        }
        // The semantic-convention metric keeps semconv's error.type: exception class or status.
        String semconvError = timedOut ? Errors.TIMEOUT : thrown != null ? thrown.getClass().getName()
            : status >= 500 ? Integer.toString(status) : null;
        m.httpServerDuration.record(seconds, httpAttributes(status, semconvError, adapter, request, state.route),
            StageMetrics.in(span));
      }
    } catch (Throwable e) {
      AgentLog.error("stage:server", "could not end the request span", e);
    }
    if (!requestEnded) {
      requestEnded = true;
      Adapters.runHook(FIRST_REQUEST_ENDED, "stage:server:first-request",
          "the agent's work after the first request could not start");
    }
  }

  /**
   * A framework may know the route only once it matched the request (Spring MVC's pattern,
   * read by the servlet adapter): when the adapter now names another route than at the start,
   * it renames the span and replaces {@code http.route}.
   */
  private static void updateRoute(HttpServerAdapter adapter, RequestState state, Object request) {
    String route = adapter.lateRoute(request);
    if (route == null || route.equals(state.route)) {
      return;
    }
    state.route = route;
    state.span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
    String method = adapter.method(request);
    String upper = method == null ? "_OTHER" : method.toUpperCase(Locale.ROOT);
    if (KNOWN_METHODS.contains(upper)) {
      state.span.updateName(upper + " " + Privacy.hashEmails(route));
    }
  }

  private static Attributes httpAttributes(
      int status, String errorType, HttpServerAdapter a, Object request, String route) {
    AttributesBuilder b = Attributes.builder();
    String method = a.method(request);
    String upper = method == null ? "_OTHER" : method.toUpperCase(Locale.ROOT);
    b.put(HttpAttributes.HTTP_REQUEST_METHOD, KNOWN_METHODS.contains(upper) ? upper : "_OTHER");
    if (status > 0) {
      b.put(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
    }
    if (route != null) {
      b.put(HttpAttributes.HTTP_ROUTE, route);
    }
    String scheme = a.scheme(request);
    if (scheme != null) {
      b.put(UrlAttributes.URL_SCHEME, scheme);
    }
    if (errorType != null) {
      b.put(ErrorAttributes.ERROR_TYPE, errorType);
    }
    String version = a.protocolVersion(request);
    if (version != null) {
      b.put(NetworkAttributes.NETWORK_PROTOCOL_VERSION, version);
    }
    return b.build();
  }

  private static void set(SpanBuilder b, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
    if (value != null) {
      b.setAttribute(key, value);
    }
  }
}
