package io.pixtrace.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server suite on a servlet container (Jakarta Servlet 6.0): the test web application's
 * {@code ImageServlet} mapped to {@code /{case}/*}. Subclasses name the container and mode.
 */
abstract class ContainerServerIT extends AbstractServerIT {
  /** The host's main class. */
  abstract Class<?> hostClass();

  /** The container's jars. */
  abstract List<String> containerClassPath();

  @Override
  HostProcess startHost(Path java, Map<String, String> env, List<String> jvmArgs) throws Exception {
    Path classes = Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath();
    List<String> cp = new ArrayList<>();
    cp.add(classes.toString());
    cp.addAll(containerClassPath());
    List<String> args = new ArrayList<>(jvmArgs);
    args.add("-Djava.io.tmpdir=" + Files.createDirectories(classes.resolveSibling("servlet-hosts")));
    args.addAll(List.of("-cp", String.join(File.pathSeparator, cp), hostClass().getName(), "jakarta"));
    return HostProcess.start(java, env, args);
  }

  @Override
  String route(String kase) {
    return "/" + kase + "/*";
  }

  @Override
  int thrownStatus() {
    return 500;
  }
}
