package io.pixtrace.it;

import io.pixtrace.it.spring.WebFluxHost;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server suite on Spring WebFlux 6.2 on Reactor Netty 1.2, downloads with {@code WebClient}
 * ({@link WebFluxHost}).
 */
class WebFluxIT extends AbstractServerIT {
  @Override
  HostProcess startHost(Path java, Map<String, String> env, List<String> jvmArgs) throws Exception {
    List<String> cp = new ArrayList<>();
    cp.add(Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString());
    cp.addAll(ServletServerIT.testClassPath(e -> e.contains("/org/springframework/") || e.contains("/io/projectreactor/")
        || e.contains("/io/netty/") || e.contains("/org/reactivestreams/") || e.contains("/io/micrometer/")));
    List<String> args = new ArrayList<>(jvmArgs);
    args.addAll(List.of("-cp", String.join(File.pathSeparator, cp), WebFluxHost.class.getName()));
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
}
