package io.pixtrace.it;

import java.util.List;

/** The server suite on Tomcat 10.1, sync servlets. */
class TomcatSyncIT extends ContainerServerIT {
  @Override
  Class<?> hostClass() {
    return TomcatServletHost.class;
  }

  @Override
  List<String> containerClassPath() {
    return ServletServerIT.testClassPath(e -> e.contains("/org/apache/tomcat/"));
  }

  @Override
  String mode() {
    return "sync";
  }
}
