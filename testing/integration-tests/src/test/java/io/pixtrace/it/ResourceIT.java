package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The resource attributes users filter by, on the avatar service started with {@code -jar}:
 * host, process and runtime from the JVM the test started, {@code service.version} from the
 * jar's own manifest, the {@code k8s.*} attributes from the Downward API variables a pod spec
 * sets, and {@code container.id} from the cgroup the process runs in (a real cgroup made for
 * the test, named like a container runtime's). Each expected value is read here from its own
 * source, not from the agent.
 */
class ResourceIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Map<String, Object> resourceOf(AvatarHost host, OtlpReceiver otlp) throws Exception {
    assertThat(host.get("/avatar/" + TestOrigin.ALICE + "?s=32").statusCode()).isEqualTo(200);
    return otlp.awaitSpan(s -> s.kind() == Kind.SERVER, WAIT).resourceAttributes();
  }

  private static String manifestVersion() throws IOException {
    Path jar = AvatarHost.jar();
    try (JarFile f = new JarFile(jar.toFile())) {
      return f.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
  }

  @Test
  void hostProcessRuntimeManifestAndKubernetes() throws Exception {
    String version = manifestVersion();
    assertThat(version).as("the example's manifest names its version").isNotBlank();
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "OTEL_BSP_SCHEDULE_DELAY", "200",
            // As a pod spec sets them (fieldRef metadata.name, metadata.namespace, spec.nodeName).
            "K8S_POD_NAME", "avatar-7d9f8-x2kq4",
            "POD_NAMESPACE", "images",
            "NODE_NAME", "pool-a-node-3"))) {
      Map<String, Object> resource = resourceOf(host, otlp);
      String javaHome = HostProcess.currentJava().getParent().getParent().toString();
      assertThat(resource)
          .containsEntry("host.name", InetAddress.getLocalHost().getHostName())
          .containsEntry("process.pid", host.process.pid())
          .containsEntry("process.runtime.name", System.getProperty("java.runtime.name"))
          .containsEntry("process.runtime.version", System.getProperty("java.runtime.version"))
          .containsEntry("service.version", version)
          .containsEntry("k8s.pod.name", "avatar-7d9f8-x2kq4")
          .containsEntry("k8s.namespace.name", "images")
          .containsEntry("k8s.node.name", "pool-a-node-3")
          .as("the name still comes from the jar, not the manifest").containsEntry("service.name", "avatar-service");
      assertThat((String) resource.get("process.executable.path")).startsWith(javaHome);
      assertThat(resource).as("not in a container here").doesNotContainKey("container.id");
    }
  }

  @Test
  void aVariableBeatsTheDetectorsAndAProviderCanBeSwitchedOffByItsUsualName() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "OTEL_BSP_SCHEDULE_DELAY", "200",
            "IMGPROXY_OPEN_TELEMETRY_SERVICE_VERSION", "2026.12",
            "OTEL_RESOURCE_ATTRIBUTES", "k8s.pod.name=from-otel",
            "K8S_POD_NAME", "from-downward-api",
            // The OpenTelemetry Java agent's documented name; the bundled SDK's is relocated.
            "OTEL_JAVA_DISABLED_RESOURCE_PROVIDERS", "io.opentelemetry.instrumentation.resources.ProcessResourceProvider"))) {
      Map<String, Object> resource = resourceOf(host, otlp);
      assertThat(resource).containsEntry("service.version", "2026.12").containsEntry("k8s.pod.name", "from-otel")
          .containsKey("host.name").containsKey("process.runtime.name")
          .doesNotContainKeys("process.pid", "process.executable.path", "process.command_line");
    }
  }

  @Test
  void containerIdFromTheProcessCgroup() throws Exception {
    // A memory cgroup (v1) below the test's own, named as Docker names a container's.
    String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
        .filter(l -> l.matches("\\d+:memory:.*")).map(l -> l.substring(l.indexOf(":memory:") + 8)).findFirst().orElse(null);
    assumeThat(own).as("a cgroup v1 memory hierarchy").isNotNull();
    byte[] random = new byte[32];
    new Random().nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    Path cgroup = Path.of("/sys/fs/cgroup/memory" + own, id);
    try {
      Files.createDirectory(cgroup);
    } catch (IOException e) {
      assumeThat(e).as("a writable cgroup hierarchy (root)").isNull();
    }
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(), "OTEL_BSP_SCHEDULE_DELAY", "200"),
            List.of("/bin/sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec \"$@\"", "sh"))) {
      try (InputStream in = Files.newInputStream(Path.of("/proc/" + host.process.pid() + "/cgroup"))) {
        assertThat(new String(in.readAllBytes())).as("the host runs in the cgroup").contains("/" + id);
      }
      assertThat(resourceOf(host, otlp)).containsEntry("container.id", id);
    } finally {
      for (int i = 0; i < 50 && Files.exists(cgroup); i++) {
        try {
          Files.delete(cgroup);
        } catch (IOException e) {
          Thread.sleep(100); // the host's last thread is still leaving
        }
      }
    }
  }
}
