package io.pixtrace.it;

import java.util.List;

/** The server suite on Jetty 12 EE 10, sync servlets. */
class JettySyncIT extends ContainerServerIT {
  @Override
  Class<?> hostClass() {
    return JettyServletHost.class;
  }

  @Override
  List<String> containerClassPath() {
    return ServletServerIT.testClassPath(e -> e.contains("/org/eclipse/jetty/") || e.contains("jakarta.servlet-api")
        || e.contains("/org/slf4j/slf4j-api/"));
  }

  @Override
  String mode() {
    return "sync";
  }
}
