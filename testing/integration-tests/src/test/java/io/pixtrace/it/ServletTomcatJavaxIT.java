package io.pixtrace.it;

import java.nio.file.Path;
import java.util.List;

/**
 * Tomcat 9 (javax Servlet 4.0) on JDK 17. Its jars are copied to {@code target/containers/tomcat9}
 * by the build (Tomcat 10.1 holds the test class path).
 */
class ServletTomcatJavaxIT extends ServletServerIT {
  @Override
  Class<?> hostClass() {
    return TomcatServletHost.class;
  }

  @Override
  String api() {
    return "javax";
  }

  @Override
  Path java() {
    return HostProcess.java17();
  }

  @Override
  List<String> containerClassPath() {
    return copiedJars("tomcat9");
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
