package io.pixtrace.it;

import java.util.List;

/** Tomcat 10.1 (Jakarta Servlet 6.0) on the build's JDK. */
class ServletTomcatJakartaIT extends ServletServerIT {
  @Override
  Class<?> hostClass() {
    return TomcatServletHost.class;
  }

  @Override
  String api() {
    return "jakarta";
  }

  @Override
  List<String> containerClassPath() {
    return testClassPath(e -> e.contains("/org/apache/tomcat/"));
  }

  @Override
  String webappLoader() {
    return "org.apache.catalina.loader.ParallelWebappClassLoader";
  }

  @Override
  RequestPool requestPool() {
    return TOMCAT_POOL;
  }
}
