package io.pixtrace.bootstrap;

import java.util.Map;

/**
 * The part of a download that a client's inlined advice cannot do itself, done by an object
 * of its module in the agent's class loader and found through {@link Adapters}. Only the
 * JDK's {@code java.net.http} needs one: its types are not visible to the bootstrap class
 * loader, copying an {@code HttpRequest} takes a filter (a lambda, which inlined advice cannot
 * hold), and an asynchronous response is read on the thread that completes its future, long
 * after the advice ran. Clients whose advice reads everything inline need none.
 */
public interface HttpClientAdapter {
  /**
   * Returns the request to send instead of {@code request}, carrying these headers (they
   * replace headers of the same name). May throw; the caller keeps the original request.
   */
  Object withHeaders(Object request, Map<String, String> headers);

  /** The response status code, or -1 when unknown. May throw; the stage then records none. */
  int statusCode(Object response);

  /** The response body size in bytes from {@code Content-Length}, or -1 when unknown. */
  long bodySize(Object response);
}
