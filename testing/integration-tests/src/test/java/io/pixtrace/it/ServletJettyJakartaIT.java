package io.pixtrace.it;

import java.util.List;

/** Jetty 12 EE 10 (Jakarta Servlet 6.0) on the build's JDK. */
class ServletJettyJakartaIT extends ServletServerIT {
  @Override
  Class<?> hostClass() {
    return JettyServletHost.class;
  }

  @Override
  String api() {
    return "jakarta";
  }

  @Override
  List<String> containerClassPath() {
    return testClassPath(e -> e.contains("/org/eclipse/jetty/") || e.contains("jakarta.servlet-api")
        || e.contains("/org/slf4j/slf4j-api/"));
  }

  @Override
  String webappLoader() {
    return "org.eclipse.jetty.ee10.webapp.WebAppClassLoader";
  }

  @Override
  RequestPool requestPool() {
    return JETTY_POOL;
  }
}
