package io.pixtrace.agent.sdk;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code k8s.pod.name}, {@code k8s.pod.uid}, {@code k8s.namespace.name} and {@code k8s.node.name}
 * from the environment variables a pod spec sets from the Downward API (docs/configuration.md,
 * "Resource attributes"): the first of each row's variables that is set and not blank. The
 * namespace falls back to the service account's namespace file that Kubernetes mounts in every
 * pod. Outside Kubernetes none is set and the resource is empty. Values in
 * {@code OTEL_RESOURCE_ATTRIBUTES} win, as the SDK merges that variable last.
 */
public final class KubernetesResourceProvider implements ResourceProvider {
  /** Attribute → the variables tried, in order. */
  static final Map<String, String[]> VARIABLES = Map.of(
      "k8s.pod.name", new String[] {"K8S_POD_NAME", "POD_NAME", "OTEL_RESOURCE_ATTRIBUTES_POD_NAME"},
      "k8s.pod.uid", new String[] {"K8S_POD_UID", "POD_UID", "OTEL_RESOURCE_ATTRIBUTES_POD_UID"},
      "k8s.namespace.name", new String[] {"K8S_NAMESPACE_NAME", "K8S_NAMESPACE", "POD_NAMESPACE"},
      "k8s.node.name", new String[] {"K8S_NODE_NAME", "NODE_NAME", "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME"});
  /** Mounted in every pod whose service account token is mounted (the default). */
  static final Path NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  @Override
  public Resource createResource(ConfigProperties config) {
    return Resource.create(attributes(System::getenv, NAMESPACE_FILE));
  }

  /** The attributes found through {@code env} and the namespace file; empty when none. */
  static Attributes attributes(Function<String, String> env, Path namespaceFile) {
    AttributesBuilder b = Attributes.builder();
    VARIABLES.forEach((attribute, variables) -> {
      for (String variable : variables) {
        String value = env.apply(variable);
        if (value != null && !value.isBlank()) {
          b.put(attribute, value.trim());
          return;
        }
      }
      if (attribute.equals("k8s.namespace.name")) {
        try {
          String ns = Files.isReadable(namespaceFile) ? Files.readString(namespaceFile, StandardCharsets.UTF_8).trim() : "";
          if (!ns.isEmpty()) {
            b.put(attribute, ns);
          }
        } catch (IOException | RuntimeException e) {
          // not in a pod, or not readable: no namespace
        }
      }
    });
    return b.build();
  }
}
