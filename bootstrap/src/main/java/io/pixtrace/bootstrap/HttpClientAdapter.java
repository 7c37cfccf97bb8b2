package io.pixtrace.bootstrap;

import java.util.Map;

/**
 * What the download stage needs to know about one outbound request of some HTTP client
 * library, and how to add trace headers to it. Implemented once per client library in
 * {@code instrumentation/}. Methods return {@code null} or {@code -1} when unknown.
 */
public interface HttpClientAdapter {
  /** The request method, e.g. {@code GET}. */
  String method(Object request);

  /** The absolute request URL as sent (before redaction). */
  String url(Object request);

  /**
   * Returns the request to send instead of {@code request}, carrying these extra headers
   * (trace context), or {@code request} itself when the library lets headers be added in
   * place.
   */
  Object withHeaders(Object request, Map<String, String> headers);

  /** The response status code. */
  int statusCode(Object response);

  /** The response body size in bytes from {@code Content-Length}, or -1 when unknown. */
  long contentLength(Object response);
}
