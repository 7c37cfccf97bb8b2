package io.pixtrace.it;

import io.pixtrace.it.spring.SpringMvcHost;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server suite on Spring MVC 6.2 (embedded Tomcat 10.1), every case answered through one
 * of Spring MVC's async return types ({@link SpringMvcHost}).
 */
class SpringMvcAsyncIT extends AbstractServerIT {
  @Override
  HostProcess startHost(Path java, Map<String, String> env, List<String> jvmArgs) throws Exception {
    List<String> cp = new ArrayList<>();
    cp.add(Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString());
    cp.addAll(ServletServerIT.testClassPath(e -> e.contains("/org/apache/tomcat/") || e.contains("/org/springframework/")
        || e.contains("/io/micrometer/")));
    List<String> args = new ArrayList<>(jvmArgs);
    args.addAll(List.of("-cp", String.join(File.pathSeparator, cp), SpringMvcHost.class.getName()));
    return HostProcess.start(java, env, args);
  }

  @Override
  String mode() {
    return "async";
  }

  @Override
  String route(String kase) {
    return "/" + kase + "/{name}";
  }

  @Override
  int thrownStatus() {
    return 500;
  }

  /** The streaming body runs on Spring MVC's task executor, a {@code ThreadPoolExecutor}: a queue hop. */
  @Override
  boolean syncHandsOff() {
    return true;
  }

  /** Spring's {@code FrameworkServlet} wraps what the controller threw before the container sees it. */
  @Override
  String thrownType() {
    return "jakarta.servlet.ServletException";
  }
}
