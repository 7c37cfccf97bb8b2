package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesResourceProviderTest {
  @Test
  void firstSetVariableOfEachRowWins(@TempDir Path dir) {
    Attributes a = KubernetesResourceProvider.attributes(Map.of(
        "POD_NAME", "ignored", "K8S_POD_NAME", " avatar-1 ", "NODE_NAME", "node-3",
        "K8S_NAMESPACE_NAME", "", "POD_NAMESPACE", "images")::get, dir.resolve("none"));
    assertThat(a.get(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("avatar-1");
    assertThat(a.get(AttributeKey.stringKey("k8s.node.name"))).isEqualTo("node-3");
    assertThat(a.get(AttributeKey.stringKey("k8s.namespace.name"))).as("a blank variable is skipped").isEqualTo("images");
    assertThat(a.get(AttributeKey.stringKey("k8s.pod.uid"))).isNull();
  }

  @Test
  void namespaceFromTheServiceAccountFileElseNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("namespace");
    Files.writeString(file, "thumbnails\n");
    assertThat(KubernetesResourceProvider.attributes(Map.<String, String>of()::get, file).asMap())
        .containsOnlyKeys(AttributeKey.stringKey("k8s.namespace.name"))
        .containsValue("thumbnails");
    assertThat(KubernetesResourceProvider.attributes(Map.<String, String>of()::get, dir.resolve("absent")).isEmpty())
        .isTrue();
  }
}
