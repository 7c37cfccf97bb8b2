package io.pixtrace.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The adapter against stand-in requests (proxies of the servlet interfaces): routes from the
 * mapping, the Servlet 3 fallback, the status after a throw, and async completion. The
 * module compiles against jakarta.servlet 5.0 and javax.servlet 3.1, so the javax cases are
 * the Servlet 3 API without {@code getHttpServletMapping}.
 */
class ServletAdapterTest {
  private final ServletAdapter jakarta = new ServletAdapter("jakarta.servlet");
  private final ServletAdapter javax = new ServletAdapter("javax.servlet");

  /** A proxy of {@code type} answering each method by name from {@code answers} (else null). */
  private static Object fake(Class<?> type, Map<String, Object> answers) {
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      Object a = answers.get(method.getName());
      if (a instanceof Function<?, ?> f) {
        @SuppressWarnings("unchecked")
        Function<Object[], Object> fn = (Function<Object[], Object>) f;
        return fn.apply(args);
      }
      if (a == null && method.getReturnType() == boolean.class) {
        return false;
      }
      if (a == null && method.getReturnType() == int.class) {
        return -1;
      }
      return a;
    });
  }

  private static Object jakartaRequest(String contextPath, String pattern) {
    Object mapping = fake(jakarta.servlet.http.HttpServletMapping.class, Map.of("getPattern", pattern));
    return fake(jakarta.servlet.http.HttpServletRequest.class, Map.of(
        "getContextPath", contextPath, "getHttpServletMapping", mapping, "getMethod", "GET",
        "getRequestURI", contextPath + "/thumb/a.jpg", "getProtocol", "HTTP/1.1", "getServerPort", 8080,
        "getHeader", (Function<Object[], Object>) args -> "User-Agent".equals(args[0]) ? "curl" : null));
  }

  private static Object[] exchange(Object request) {
    return new Object[] {request, fake(jakarta.servlet.http.HttpServletResponse.class, Map.of("getStatus", 200))};
  }

  @Test
  void routeIsTheMatchedPatternUnderTheContextPath() {
    assertThat(jakarta.route(exchange(jakartaRequest("", "/thumb/*")))).isEqualTo("/thumb/*");
    assertThat(jakarta.route(exchange(jakartaRequest("/app", "/thumb/*")))).isEqualTo("/app/thumb/*");
    assertThat(jakarta.route(exchange(jakartaRequest("/app", "*.jpg")))).isEqualTo("/app/*.jpg");
    assertThat(jakarta.route(exchange(jakartaRequest("", "/")))).as("default servlet").isEqualTo("/*");
    assertThat(jakarta.route(exchange(jakartaRequest("/app", "")))).as("context root").isEqualTo("/app/");
  }

  /** A request Spring MVC's dispatcher matched to {@code pattern}, as Tomcat would present it. */
  private static Object springRequest(String contextPath, String servletPath, String pathInfo, Object pattern) {
    Map<String, Object> answers = new HashMap<>(Map.of("getContextPath", contextPath, "getServletPath", servletPath,
        "getAttribute", (Function<Object[], Object>) args -> ServletAdapter.SPRING_PATTERN.equals(args[0]) ? pattern : null));
    if (pathInfo != null) {
      answers.put("getPathInfo", pathInfo);
    }
    answers.put("getHttpServletMapping", fake(jakarta.servlet.http.HttpServletMapping.class,
        Map.of("getPattern", pathInfo == null ? "/" : servletPath + "/*")));
    return fake(jakarta.servlet.http.HttpServletRequest.class, answers);
  }

  @Test
  void springMvcsMatchedPatternWinsOverTheServletMapping() {
    assertThat(jakarta.lateRoute(exchange(springRequest("", "/thumbnail/64", null, "/thumbnail/{size}"))))
        .as("dispatcher on /").isEqualTo("/thumbnail/{size}");
    assertThat(jakarta.route(exchange(springRequest("", "/thumbnail/64", null, "/thumbnail/{size}"))))
        .as("the start's route is the dispatcher's mapping").isEqualTo("/*");
    assertThat(jakarta.lateRoute(exchange(springRequest("/app", "/thumbnail/64", null, "/thumbnail/{size}"))))
        .as("under a context path").isEqualTo("/app/thumbnail/{size}");
    assertThat(jakarta.lateRoute(exchange(springRequest("/app", "/api", "/thumbnail/64", "/thumbnail/{size}"))))
        .as("dispatcher on /api/*: Spring matches below the servlet path").isEqualTo("/app/api/thumbnail/{size}");
    assertThat(jakarta.lateRoute(exchange(springRequest("", "", "/thumbnail/64", new StringBuilder("/thumbnail/{size}")))))
        .as("dispatcher on /*, pattern as an object (PathPattern)").isEqualTo("/thumbnail/{size}");
    assertThat(jakarta.lateRoute(exchange(springRequest("", "/thumbnail/64", null, null))))
        .as("no Spring pattern: the start's route stays").isNull();
    assertThat(jakarta.lateRoute(exchange(springRequest("", "/x", null, "")))).as("an empty pattern is no route").isNull();
    Object javaxRequest = fake(javax.servlet.http.HttpServletRequest.class, Map.of("getContextPath", "",
        "getServletPath", "/thumbnail/64", "getAttribute", (Function<Object[], Object>) args -> "/thumbnail/{size}"));
    assertThat(javax.lateRoute(new Object[] {javaxRequest, null})).as("Servlet 3").isEqualTo("/thumbnail/{size}");
  }

  @Test
  void readsTheRequest() {
    Object[] e = exchange(jakartaRequest("", "/thumb/*"));
    assertThat(jakarta.method(e)).isEqualTo("GET");
    assertThat(jakarta.path(e)).isEqualTo("/thumb/a.jpg");
    assertThat(jakarta.protocolVersion(e)).isEqualTo("1.1");
    assertThat(jakarta.serverPort(e)).isEqualTo(8080);
    assertThat(jakarta.userAgent(e)).isEqualTo("curl");
    assertThat(jakarta.get(e, "traceparent")).isNull();
    assertThat(jakarta.statusCode(e)).isEqualTo(200);
    assertThat(jakarta.query(e)).isNull();
  }

  @Test
  void servlet3KnowsOnlyPathMappings() {
    Object path = fake(javax.servlet.http.HttpServletRequest.class, Map.of(
        "getContextPath", "", "getServletPath", "/thumb", "getPathInfo", "/a.jpg"));
    Object exact = fake(javax.servlet.http.HttpServletRequest.class, Map.of(
        "getContextPath", "", "getServletPath", "/boom"));
    assertThat(javax.route(new Object[] {path, null})).isEqualTo("/thumb/*");
    assertThat(javax.route(new Object[] {exact, null})).isNull();
  }

  @Test
  void aThrowBeforeTheResponseIsCommittedIsA500() {
    Object request = jakartaRequest("", "/boom");
    Object open = fake(jakarta.servlet.http.HttpServletResponse.class, Map.of("getStatus", 200));
    Object committed = fake(jakarta.servlet.http.HttpServletResponse.class, Map.of("getStatus", 200, "isCommitted", true));
    RuntimeException boom = new IllegalStateException("boom");
    assertThat(jakarta.statusCode(new Object[] {request, open, boom})).isEqualTo(500);
    assertThat(jakarta.statusCode(new Object[] {request, committed, boom})).isEqualTo(200);
    assertThat(jakarta.statusCode(new Object[] {request, open})).isEqualTo(200);
  }

  @Test
  void asyncRequestsEndOnCompleteWithWhatTimedOut() {
    List<Object> listeners = new ArrayList<>();
    Object context = fake(jakarta.servlet.AsyncContext.class, Map.of(
        "addListener", (Function<Object[], Object>) args -> {
          listeners.add(args[0]);
          return null;
        }));
    Object request = fake(jakarta.servlet.http.HttpServletRequest.class, Map.of(
        "isAsyncStarted", true, "getAsyncContext", context));
    AtomicReference<Throwable> ended = new AtomicReference<>();
    List<Throwable> calls = Collections.synchronizedList(new ArrayList<>());
    assertThat(jakarta.endsLater(exchange(request), t -> {
      calls.add(t);
      ended.set(t);
    })).isTrue();
    assertThat(listeners).hasSize(1);
    jakarta.servlet.AsyncListener listener = (jakarta.servlet.AsyncListener) listeners.get(0);
    jakarta.servlet.AsyncEvent event = new jakarta.servlet.AsyncEvent((jakarta.servlet.AsyncContext) context);
    try {
      listener.onTimeout(event);
      assertThat(calls).as("the container completes after a timeout").isEmpty();
      listener.onComplete(event);
      listener.onComplete(event);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(calls).hasSize(1);
    assertThat(ended.get()).isInstanceOf(TimeoutException.class);

    Object sync = fake(jakarta.servlet.http.HttpServletRequest.class, new HashMap<>());
    assertThat(jakarta.endsLater(exchange(sync), t -> { })).isFalse();
  }
}
