package io.pixtrace.bootstrap;

import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * What the server stage needs to know about one inbound request of some HTTP server library.
 *
 * <p>Implemented once per server library (in {@code instrumentation/}), where the library's
 * types are visible; the stage API itself only sees {@code Object}. Methods return
 * {@code null} (or {@code -1} for numbers) when the value is not known. Implementations
 * must not throw; the stage API guards them anyway.
 */
public interface HttpServerAdapter extends TextMapGetter<Object> {
  /** The request method as sent, e.g. {@code GET}. */
  String method(Object request);

  /** The request path without the query, e.g. {@code /avatar/abc}. */
  String path(Object request);

  /** The raw query string without {@code ?}, or {@code null}. */
  String query(Object request);

  /** {@code http} or {@code https}. */
  String scheme(Object request);

  /** The route template or context path that matched, e.g. {@code /avatar/}, or null. */
  String route(Object request);

  /**
   * A route that a framework matched while the request ran (Spring MVC's pattern, e.g.
   * {@code /thumbnail/{size}}), asked when the request ends; it then renames the span and
   * replaces {@code http.route}. Null (the default) keeps the route known at the start.
   */
  default String lateRoute(Object request) {
    return null;
  }

  /** Host name the client addressed (Host header) or the local address. */
  String serverAddress(Object request);

  /** Port the client addressed, or the local port; -1 when unknown. */
  int serverPort(Object request);

  /** The peer's IP address. */
  String clientAddress(Object request);

  /** The {@code User-Agent} header, or null. */
  String userAgent(Object request);

  /** Protocol version such as {@code 1.1}, or null. */
  String protocolVersion(Object request);

  /** The response status code sent, or -1 when no response was sent. */
  int statusCode(Object request);

  /**
   * Called when the instrumented call returned normally: whether the response is still being
   * produced asynchronously (an async servlet). If so, the adapter arranges for
   * {@code onComplete} to be called once when it is done, with what failed or {@code null},
   * and returns {@code true}; the request stage ends there instead of now.
   */
  default boolean endsLater(Object request, java.util.function.Consumer<Throwable> onComplete) {
    return false;
  }

  /**
   * The object whose completion the library's instrumentation reports through
   * {@link ServerStage#responseComplete} (the JDK server's internal exchange), compared by
   * identity; the request then ends when its response is complete rather than when the entry
   * call returns. {@code null} (the default): it ends at the return, or as
   * {@link #endsLater} says.
   */
  default Object completionKey(Object request) {
    return null;
  }
}
