package io.pixtrace.instrumentation.httpclient;

import io.pixtrace.bootstrap.HttpClientAdapter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * What {@link HttpClientSendAdvice} cannot do inline: copy an {@link HttpRequest} with trace
 * headers (the copy takes a filter, a lambda), and read the {@link HttpResponse} of a
 * {@code sendAsync} future on the thread that completes it.
 */
final class JdkHttpClientAdapter implements HttpClientAdapter {
  @Override
  public Object withHeaders(Object request, Map<String, String> headers) {
    // HttpRequest is immutable: copy it (Java 16+ API), dropping any same-named headers.
    HttpRequest.Builder copy = HttpRequest.newBuilder(
        (HttpRequest) request, (name, value) -> !containsIgnoreCase(headers, name));
    headers.forEach(copy::setHeader);
    return copy.build();
  }

  @Override
  public int statusCode(Object response) {
    return ((HttpResponse<?>) response).statusCode();
  }

  @Override
  public long bodySize(Object response) {
    return ((HttpResponse<?>) response).headers().firstValueAsLong("Content-Length").orElse(-1L);
  }

  private static boolean containsIgnoreCase(Map<String, String> headers, String name) {
    for (String key : headers.keySet()) {
      if (key.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
