package io.pixtrace.instrumentation.webflux.helper;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.pixtrace.bootstrap.HttpServerAdapter;
import io.pixtrace.bootstrap.ReactiveStage;
import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Reads a Reactor Netty request ({@link ReactiveStage.Exchange}) for the server stage, and the
 * route Spring WebFlux matched ({@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE} of its
 * exchange) when the request ends.
 */
final class ReactorServerAdapter implements HttpServerAdapter {
  static final String PATTERN = "org.springframework.web.reactive.HandlerMapping.bestMatchingPattern";

  private static HttpServerRequest request(Object carrier) {
    return (HttpServerRequest) ((ReactiveStage.Exchange) carrier).request;
  }

  private static HttpHeaders headers(Object carrier) {
    return request(carrier).requestHeaders();
  }

  @Override
  public Iterable<String> keys(Object carrier) {
    return headers(carrier).names();
  }

  @Override
  public String get(Object carrier, String key) {
    return carrier == null ? null : headers(carrier).get(key);
  }

  @Override
  public String method(Object carrier) {
    return request(carrier).method().name();
  }

  @Override
  public String path(Object carrier) {
    String uri = request(carrier).uri();
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  @Override
  public String query(Object carrier) {
    String uri = request(carrier).uri();
    int q = uri.indexOf('?');
    return q < 0 ? null : uri.substring(q + 1);
  }

  @Override
  public String scheme(Object carrier) {
    return request(carrier).scheme();
  }

  @Override
  public String route(Object carrier) {
    return null; // known once Spring matched it (lateRoute)
  }

  @Override
  public String lateRoute(Object carrier) {
    Object exchange = ((ReactiveStage.Exchange) carrier).exchange;
    if (!(exchange instanceof ServerWebExchange)) {
      return null;
    }
    Object pattern = ((ServerWebExchange) exchange).getAttributes().get(PATTERN);
    return pattern == null ? null : pattern.toString();
  }

  @Override
  public String serverAddress(Object carrier) {
    return request(carrier).hostName();
  }

  @Override
  public int serverPort(Object carrier) {
    return request(carrier).hostPort();
  }

  @Override
  public String clientAddress(Object carrier) {
    InetSocketAddress remote = request(carrier).remoteAddress();
    if (remote == null) {
      return null;
    }
    return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
  }

  @Override
  public String userAgent(Object carrier) {
    return headers(carrier).get("User-Agent");
  }

  @Override
  public String protocolVersion(Object carrier) {
    HttpVersion v = request(carrier).version();
    return v == null ? null : v.majorVersion() == 2 ? "2" : v.majorVersion() + "." + v.minorVersion();
  }

  @Override
  public int statusCode(Object carrier) {
    HttpServerResponse response = (HttpServerResponse) ((ReactiveStage.Exchange) carrier).response;
    return response.status() == null ? -1 : response.status().code();
  }

  /** The Reactor Netty request itself: {@link WebFluxSupport#serverResponse} reports it complete. */
  @Override
  public Object completionKey(Object carrier) {
    return ((ReactiveStage.Exchange) carrier).request;
  }
}
