package io.pixtrace.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus endpoint starts in premain, before the host's {@code main}; it must not fix
 * the JDK HTTP server's once-per-JVM configuration before the host sets it. A host that turns
 * on {@code sun.net.httpserver.nodelay} in code keeps it with {@code IMGPROXY_PROMETHEUS_BIND}
 * set (without it, every response of such a host waited 40 ms for a delayed ACK).
 */
class HostServerConfigIT {
  @Test
  void theHostsOwnHttpServerSettingsStandWithThePrometheusEndpointOn() throws Exception {
    for (boolean agent : new boolean[] {false, true}) {
      List<String> args = new java.util.ArrayList<>();
      if (agent) {
        args.add("-javaagent:" + HostProcess.agentJar());
      }
      args.addAll(List.of("--add-opens", "jdk.httpserver/sun.net.httpserver=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"), ServerConfigHost.class.getName()));
      try (HostProcess host = HostProcess.start(HostProcess.currentJava(),
          Map.of("IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + PrometheusServer.freePort()), args)) {
        host.awaitStdout("server-config-host nodelay=true", Duration.ofSeconds(30));
      }
    }
  }
}
