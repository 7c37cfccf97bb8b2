package io.pixtrace.instrumentation.servlet;

import io.pixtrace.bootstrap.HttpServerAdapter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a servlet request for the server stage. The advice passes {@code {request, response}}
 * (plus what was thrown, if anything) as an {@code Object[]}.
 *
 * <p>The agent's class loader cannot see the servlet API, so nothing here names a servlet
 * type: the public interfaces ({@code HttpServletRequest}, {@code HttpServletResponse},
 * {@code AsyncContext}, ...) are loaded from the request class's own loader and read through
 * method handles, built once per request class ({@link ClassValue}: held by the class, so a
 * web application's loader can still be collected). Async completion is observed through a
 * {@link Proxy} implementing that loader's {@code AsyncListener}; no class is injected.
 */
final class ServletAdapter implements HttpServerAdapter {
  /** The request attribute where Spring MVC keeps the matched pattern ({@code HandlerMapping}). */
  static final String SPRING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private final String api;
  private final ClassValue<Api> apis = new ClassValue<>() {
    @Override
    protected Api computeValue(Class<?> requestClass) {
      return Api.load(api, requestClass.getClassLoader());
    }
  };

  /** @param api {@code jakarta.servlet} or {@code javax.servlet} */
  ServletAdapter(String api) {
    this.api = api;
  }

  @Override
  public Iterable<String> keys(Object carrier) {
    try {
      Object request = request(carrier);
      Enumeration<?> names = (Enumeration<?>) api(request).headerNames.invokeExact(request);
      return names == null ? List.of() : Collections.list(names).stream().map(String::valueOf).toList();
    } catch (Throwable e) {
      return List.of();
    }
  }

  @Override
  public String get(Object carrier, String key) {
    return carrier == null ? null : header(carrier, key);
  }

  @Override
  public String method(Object request) {
    return string(request, a -> a.method);
  }

  @Override
  public String path(Object request) {
    return string(request, a -> a.requestUri);
  }

  @Override
  public String query(Object request) {
    return string(request, a -> a.queryString);
  }

  @Override
  public String scheme(Object request) {
    return string(request, a -> a.scheme);
  }

  /**
   * The matched mapping's pattern under the context path: {@code /thumb/*}, {@code /app/*.jpg};
   * {@code /*} for the default servlet. On Servlet 3 (no {@code getHttpServletMapping}) only a
   * path mapping is known, from the servlet path when there is path info; otherwise none.
   */
  @Override
  public String route(Object exchange) {
    try {
      Object request = request(exchange);
      Api a = api(request);
      String context = (String) a.contextPath.invokeExact(request);
      context = context == null ? "" : context;
      if (a.mapping != null) {
        Object mapping = (Object) a.mapping.invokeExact(request);
        String pattern = mapping == null ? null : (String) a.pattern.invokeExact(mapping);
        if (pattern == null) {
          return null;
        }
        if (pattern.isEmpty()) {
          return context + "/"; // the context root
        }
        if (pattern.equals("/")) {
          return context + "/*"; // the default servlet serves every unmapped path
        }
        return pattern.startsWith("*.") ? context + "/" + pattern : context + pattern;
      }
      String pathInfo = (String) a.pathInfo.invokeExact(request);
      String servletPath = (String) a.servletPath.invokeExact(request);
      return pathInfo == null || servletPath == null ? null : context + servletPath + "/*";
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * Spring MVC's matched pattern, when the request has one: the request attribute
   * {@value #SPRING_PATTERN} (a {@code String}, or a {@code PathPattern} whose {@code toString}
   * is the pattern), set once a handler matched and read by name (nothing here links to
   * Spring). Under the context path, and under the servlet path when the dispatcher is mapped
   * to a path ({@code /api/*}: Spring matches below it): {@code /thumbnail/{size}}. Null when
   * there is none, so the servlet mapping read at the start stays.
   */
  @Override
  public String lateRoute(Object exchange) {
    try {
      Object request = request(exchange);
      Api a = api(request);
      Object pattern = (Object) a.attribute.invokeExact(request, SPRING_PATTERN);
      String p = pattern == null ? "" : pattern.toString();
      if (p.isEmpty()) {
        return null;
      }
      String context = (String) a.contextPath.invokeExact(request);
      String pathInfo = (String) a.pathInfo.invokeExact(request);
      String servletPath = pathInfo == null ? null : (String) a.servletPath.invokeExact(request);
      return (context == null ? "" : context) + (servletPath == null ? "" : servletPath)
          + (p.startsWith("/") ? p : "/" + p);
    } catch (Throwable e) {
      return null;
    }
  }

  @Override
  public String serverAddress(Object request) {
    return string(request, a -> a.serverName);
  }

  @Override
  public int serverPort(Object exchange) {
    try {
      Object request = request(exchange);
      return (int) api(request).serverPort.invokeExact(request);
    } catch (Throwable e) {
      return -1;
    }
  }

  @Override
  public String clientAddress(Object request) {
    return string(request, a -> a.remoteAddr);
  }

  @Override
  public String userAgent(Object request) {
    return header(request, "User-Agent");
  }

  @Override
  public String protocolVersion(Object request) {
    String protocol = string(request, a -> a.protocol);
    if (protocol == null) {
      return null;
    }
    String version = protocol.substring(protocol.indexOf('/') + 1);
    return version.equals("2.0") ? "2" : version;
  }

  /**
   * The response's status. When the call threw and nothing was sent yet, the container
   * answers 500 after the instrumented call has returned, so 500 is reported.
   */
  @Override
  public int statusCode(Object exchange) {
    try {
      Object[] e = (Object[]) exchange;
      Object request = e[0];
      Object response = e[1];
      Api a = api(request);
      if (e.length > 2 && e[2] != null && !(boolean) a.committed.invokeExact(response)) {
        return 500;
      }
      return (int) a.status.invokeExact(response);
    } catch (Throwable t) {
      return -1;
    }
  }

  /**
   * When the servlet started async processing, listens for its end: {@code onComplete} ends
   * the request, with what {@code onError} reported or a {@link TimeoutException} after
   * {@code onTimeout} (the container completes the request after both).
   */
  @Override
  public boolean endsLater(Object exchange, Consumer<Throwable> onComplete) {
    try {
      Object request = request(exchange);
      Api a = api(request);
      if (!(boolean) a.asyncStarted.invokeExact(request)) {
        return false;
      }
      Object context = (Object) a.asyncContext.invokeExact(request);
      Listener listener = new Listener(a, onComplete);
      listener.self = Proxy.newProxyInstance(a.asyncListener.getClassLoader(), new Class<?>[] {a.asyncListener}, listener);
      a.addListener.invokeExact(context, listener.self);
      return true;
    } catch (Throwable e) {
      return false; // not async, or already completed: end now
    }
  }

  private Api api(Object request) {
    return apis.get(request.getClass());
  }

  private static Object request(Object exchange) {
    return ((Object[]) exchange)[0];
  }

  private String header(Object exchange, String name) {
    try {
      Object request = request(exchange);
      return (String) api(request).header.invokeExact(request, name);
    } catch (Throwable e) {
      return null;
    }
  }

  private String string(Object exchange, Function<Api, MethodHandle> getter) {
    try {
      Object request = request(exchange);
      return (String) getter.apply(api(request)).invokeExact(request);
    } catch (Throwable e) {
      return null;
    }
  }

  /** The {@code AsyncListener} behind the proxy: ends the request once, on completion. */
  private static final class Listener implements InvocationHandler {
    private final Api api;
    private final Consumer<Throwable> onComplete;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Throwable failure;
    volatile Object self;

    Listener(Api api, Consumer<Throwable> onComplete) {
      this.api = api;
      this.onComplete = onComplete;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      switch (method.getName()) {
        case "onComplete" -> {
          if (ended.compareAndSet(false, true)) {
            onComplete.accept(failure);
          }
        }
        case "onError" -> {
          if (failure == null) {
            failure = throwable(args[0]);
          }
        }
        case "onTimeout" -> {
          if (failure == null) {
            failure = new TimeoutException("async request timed out");
          }
        }
        case "onStartAsync" -> relisten(args[0]); // a new async cycle drops the listeners
        case "equals" -> {
          return proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "toString" -> {
          return "pixtrace async listener";
        }
        default -> { }
      }
      return null;
    }

    private Throwable throwable(Object event) {
      try {
        return (Throwable) api.eventThrowable.invokeExact(event);
      } catch (Throwable e) {
        return null;
      }
    }

    private void relisten(Object event) {
      try {
        Object context = (Object) api.eventContext.invokeExact(event);
        api.addListener.invokeExact(context, self);
      } catch (Throwable e) {
        // the request will not end from here: nothing better to do than let it be
      }
    }
  }

  /** Method handles on one class loader's servlet API, all typed on {@code Object}. */
  static final class Api {
    MethodHandle method;
    MethodHandle requestUri;
    MethodHandle queryString;
    MethodHandle scheme;
    MethodHandle serverName;
    MethodHandle serverPort;
    MethodHandle remoteAddr;
    MethodHandle protocol;
    MethodHandle header;
    MethodHandle headerNames;
    /** {@code getAttribute(String)}, typed {@code (Object, String) -> Object}. */
    MethodHandle attribute;
    MethodHandle contextPath;
    MethodHandle servletPath;
    MethodHandle pathInfo;
    /** {@code getHttpServletMapping}, null before Servlet 4. */
    MethodHandle mapping;
    MethodHandle pattern;
    MethodHandle status;
    MethodHandle committed;
    MethodHandle asyncStarted;
    MethodHandle asyncContext;
    MethodHandle addListener;
    MethodHandle eventThrowable;
    MethodHandle eventContext;
    Class<?> asyncListener;

    static Api load(String api, ClassLoader loader) {
      try {
        Class<?> request = Class.forName(api + ".http.HttpServletRequest", false, loader);
        Class<?> response = Class.forName(api + ".http.HttpServletResponse", false, loader);
        Class<?> asyncContextType = Class.forName(api + ".AsyncContext", false, loader);
        Class<?> asyncEvent = Class.forName(api + ".AsyncEvent", false, loader);
        Api a = new Api();
        a.asyncListener = Class.forName(api + ".AsyncListener", false, loader);
        a.method = getter(request, "getMethod", String.class);
        a.requestUri = getter(request, "getRequestURI", String.class);
        a.queryString = getter(request, "getQueryString", String.class);
        a.scheme = getter(request, "getScheme", String.class);
        a.serverName = getter(request, "getServerName", String.class);
        a.serverPort = getter(request, "getServerPort", int.class);
        a.remoteAddr = getter(request, "getRemoteAddr", String.class);
        a.protocol = getter(request, "getProtocol", String.class);
        a.header = MethodHandles.publicLookup()
            .findVirtual(request, "getHeader", MethodType.methodType(String.class, String.class))
            .asType(MethodType.methodType(String.class, Object.class, String.class));
        a.headerNames = getter(request, "getHeaderNames", Enumeration.class);
        a.attribute = MethodHandles.publicLookup()
            .findVirtual(request, "getAttribute", MethodType.methodType(Object.class, String.class))
            .asType(MethodType.methodType(Object.class, Object.class, String.class));
        a.contextPath = getter(request, "getContextPath", String.class);
        a.servletPath = getter(request, "getServletPath", String.class);
        a.pathInfo = getter(request, "getPathInfo", String.class);
        try {
          Class<?> mapping = Class.forName(api + ".http.HttpServletMapping", false, loader);
          a.mapping = getter(request, "getHttpServletMapping", mapping).asType(MethodType.methodType(Object.class, Object.class));
          a.pattern = getter(mapping, "getPattern", String.class);
        } catch (ReflectiveOperationException e) {
          a.mapping = null; // Servlet 3
        }
        a.status = getter(response, "getStatus", int.class);
        a.committed = getter(response, "isCommitted", boolean.class);
        a.asyncStarted = getter(request, "isAsyncStarted", boolean.class);
        a.asyncContext = getter(request, "getAsyncContext", asyncContextType)
            .asType(MethodType.methodType(Object.class, Object.class));
        a.addListener = MethodHandles.publicLookup()
            .findVirtual(asyncContextType, "addListener", MethodType.methodType(void.class, a.asyncListener))
            .asType(MethodType.methodType(void.class, Object.class, Object.class));
        a.eventThrowable = getter(asyncEvent, "getThrowable", Throwable.class);
        a.eventContext = getter(asyncEvent, "getAsyncContext", asyncContextType)
            .asType(MethodType.methodType(Object.class, Object.class));
        return a;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("no usable " + api + " API in " + loader, e);
      }
    }

    /** A no-argument getter typed {@code (Object) -> type}. */
    private static MethodHandle getter(Class<?> owner, String name, Class<?> type) throws ReflectiveOperationException {
      return MethodHandles.publicLookup().findVirtual(owner, name, MethodType.methodType(type))
          .asType(MethodType.methodType(type, Object.class));
    }
  }
}
