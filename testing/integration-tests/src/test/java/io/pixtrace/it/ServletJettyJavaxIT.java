package io.pixtrace.it;

import java.util.List;

/**
 * Jetty 9.4 (javax Servlet 3.1) on the build's JDK. Servlet 3.1 has no
 * {@code getHttpServletMapping}: the route of a path mapping ({@code /thumb/*}) still comes
 * from the servlet path, an exact mapping ({@code /boom}) has none. Its jars are copied to
 * {@code target/containers/jetty9} by the build.
 */
class ServletJettyJavaxIT extends ServletServerIT {
  @Override
  Class<?> hostClass() {
    return Jetty9ServletHost.class;
  }

  @Override
  String api() {
    return "javax";
  }

  @Override
  boolean knowsExactMappings() {
    return false;
  }

  @Override
  List<String> containerClassPath() {
    return copiedJars("jetty9");
  }

  @Override
  String webappLoader() {
    return "org.eclipse.jetty.webapp.WebAppClassLoader";
  }

  @Override
  RequestPool requestPool() {
    return JETTY_POOL;
  }
}
