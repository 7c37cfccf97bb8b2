package io.pixtrace.instrumentation.httpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.pixtrace.bootstrap.HttpServerAdapter;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;

/** Reads an {@link HttpExchange} for the server stage. */
final class HttpExchangeAdapter implements HttpServerAdapter {
  /** {@code ExchangeImpl.get(HttpExchange)}, typed {@code (HttpExchange) -> Object}; null when not accessible. */
  private final MethodHandle exchangeImpl;

  /** @param exchangeImpl the JDK's {@code ExchangeImpl.get}, or null: requests then end when the handler returns */
  HttpExchangeAdapter(MethodHandle exchangeImpl) {
    this.exchangeImpl = exchangeImpl;
  }

  /**
   * The JDK's internal exchange behind the public one: its {@code close()} and the event its
   * body stream posts when closed report the response complete
   * ({@link ExchangeCompletionInstrumentation}). Null for exchanges the JDK did not make.
   */
  @Override
  public Object completionKey(Object request) {
    if (exchangeImpl == null) {
      return null;
    }
    try {
      return (Object) exchangeImpl.invokeExact((HttpExchange) request);
    } catch (Throwable e) {
      return null;
    }
  }
  @Override
  public Iterable<String> keys(Object carrier) {
    return ((HttpExchange) carrier).getRequestHeaders().keySet();
  }

  @Override
  public String get(Object carrier, String key) {
    return carrier == null ? null : ((HttpExchange) carrier).getRequestHeaders().getFirst(key);
  }

  @Override
  public String method(Object request) {
    return ((HttpExchange) request).getRequestMethod();
  }

  @Override
  public String path(Object request) {
    return ((HttpExchange) request).getRequestURI().getRawPath();
  }

  @Override
  public String query(Object request) {
    return ((HttpExchange) request).getRequestURI().getRawQuery();
  }

  @Override
  public String scheme(Object request) {
    return request instanceof HttpsExchange ? "https" : "http";
  }

  @Override
  public String route(Object request) {
    return ((HttpExchange) request).getHttpContext().getPath();
  }

  @Override
  public String serverAddress(Object request) {
    String host = hostHeader(request);
    if (host != null) {
      int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
      return colon > 0 ? host.substring(0, colon) : host;
    }
    InetSocketAddress local = ((HttpExchange) request).getLocalAddress();
    return local == null ? null : local.getHostString();
  }

  @Override
  public int serverPort(Object request) {
    String host = hostHeader(request);
    if (host != null) {
      int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
      if (colon > 0) {
        try {
          return Integer.parseInt(host.substring(colon + 1));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
      return "https".equals(scheme(request)) ? 443 : 80;
    }
    InetSocketAddress local = ((HttpExchange) request).getLocalAddress();
    return local == null ? -1 : local.getPort();
  }

  @Override
  public String clientAddress(Object request) {
    InetSocketAddress remote = ((HttpExchange) request).getRemoteAddress();
    if (remote == null) {
      return null;
    }
    return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
  }

  @Override
  public String userAgent(Object request) {
    return ((HttpExchange) request).getRequestHeaders().getFirst("User-Agent");
  }

  @Override
  public String protocolVersion(Object request) {
    String protocol = ((HttpExchange) request).getProtocol();
    if (protocol == null) {
      return null;
    }
    int slash = protocol.indexOf('/');
    return slash >= 0 ? protocol.substring(slash + 1) : protocol;
  }

  @Override
  public int statusCode(Object request) {
    return ((HttpExchange) request).getResponseCode();
  }

  private static String hostHeader(Object request) {
    String host = ((HttpExchange) request).getRequestHeaders().getFirst("Host");
    return host == null || host.isEmpty() ? null : host;
  }
}
