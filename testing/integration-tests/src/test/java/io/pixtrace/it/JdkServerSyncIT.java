package io.pixtrace.it;

import io.pixtrace.it.app.JdkServerHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The server suite on {@code com.sun.net.httpserver}, the handler thread answering. */
class JdkServerSyncIT extends AbstractServerIT {
  @Override
  HostProcess startHost(Path java, Map<String, String> env, List<String> jvmArgs) throws Exception {
    List<String> args = new ArrayList<>(jvmArgs);
    args.addAll(List.of("-cp", System.getProperty("it.classes", "target/test-classes"), JdkServerHost.class.getName()));
    return HostProcess.start(java, env, args);
  }

  @Override
  String mode() {
    return "sync";
  }

  @Override
  String route(String kase) {
    return "/" + kase + "/";
  }

  @Override
  int thrownStatus() {
    return -1;
  }
}
