package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment kit ({@code deploy/}) against real parts: Prometheus' {@code promtool} checks
 * the alert rules; a real Prometheus scrapes the example avatar service under load with those
 * rules loaded, and every query of the Grafana dashboard and every alert expression (without its
 * threshold) returns data; {@code docker compose config} (the client, no engine) accepts the
 * stack; the Operator image layout and the Kubernetes manifest's environment run the service as
 * the Operator and Kubernetes would start it. What cannot run here (images, the Collector,
 * Grafana itself, a cluster) is listed in deploy/README.md.
 */
class DeploymentKitIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path REPO = Path.of(System.getProperty("pixtrace.repo", "../..")).toAbsolutePath().normalize();
  private static final Path KIT = REPO.resolve("deploy");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  /** An alert expression: a query, a comparison, a number. */
  private static final Pattern THRESHOLD = Pattern.compile("(?s)^(.*\\S)\\s*[<>]=?\\s*[0-9][0-9.eE+-]*\\s*$");

  @Test
  void promtoolAcceptsTheAlertRules() throws Exception {
    Path rules = KIT.resolve("prometheus/alerts.yml");
    Run check = run(List.of("promtool", "check", "rules", rules.toString()), Map.of());
    assertThat(check.exit).as(check.output).isZero();
    assertThat(check.output).contains("SUCCESS: " + ruleExpressions().size() + " rules found");
  }

  @Test
  void everyDashboardQueryAndAlertExpressionAnswersOnALiveService() throws Exception {
    int metricsPort = PrometheusServer.freePort();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + metricsPort,
            "IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_RATIO", "0.5",
            "AVATAR_WORKERS", "4",
            "IMGPROXY_WORKERS", "4"));
        PrometheusServer prometheus = PrometheusServer.start(metricsPort, List.of(KIT.resolve("prometheus/alerts.yml")))) {
      prometheus.awaitValue("up{job=\"avatar-service\"}", v -> v == 1);
      int requests = load(host, Duration.ofSeconds(20));
      prometheus.awaitValue("sum(requests_total)", v -> v == requests);

      Map<String, String> queries = new LinkedHashMap<>();
      dashboardQueries().forEach((title, expr) -> queries.put("panel \"" + title + "\"", expr));
      ruleExpressions().forEach((alert, expr) -> queries.put("alert " + alert, withoutThreshold(expr)));
      List<String> dead = new ArrayList<>();
      StringBuilder answers = new StringBuilder("DeploymentKitIT: the kit's queries on a live run (" + requests
          + " requests in 20 s):\n");
      for (Map.Entry<String, String> q : queries.entrySet()) {
        JsonNode answer = JSON.readTree(prometheus.query(q.getValue()));
        JsonNode result = answer.path("data").path("result");
        if (!"success".equals(answer.path("status").asText()) || result.isEmpty()) {
          dead.add(q.getKey() + ": " + q.getValue() + " -> " + answer);
          continue;
        }
        answers.append(String.format("  %-58s %2d series, e.g. %s = %s%n", q.getKey(), result.size(),
            result.get(0).path("metric"), result.get(0).path("value").get(1).asText()));
      }
      System.out.println(answers);
      assertThat(dead).as("queries with no data (dead panels or alerts) among %d; %s", queries.size(), prometheus.log())
          .isEmpty();

      // Prometheus evaluates the rule file itself: every rule healthy.
      JsonNode rules = awaitEvaluatedRules(prometheus);
      for (JsonNode rule : rules) {
        assertThat(rule.path("health").asText()).as("rule %s: %s", rule.path("name").asText(), rule).isEqualTo("ok");
      }
      assertThat(rules).hasSize(ruleExpressions().size());
    }
  }

  @Test
  void dockerComposeAcceptsTheStack() throws Exception {
    Run plugin = run(List.of(REPO.resolve("scripts/compose-plugin.sh").toString()), Map.of());
    assertThat(plugin.exit).as(plugin.output).isZero();
    String dockerConfig = plugin.output.strip().lines().reduce((a, b) -> b).orElseThrow();
    Run client = run(List.of("sh", "-c", "command -v docker"), Map.of());
    assertThat(client.exit).as("the Docker client (`docker`; no engine needed) is not installed").isZero();
    Path compose = KIT.resolve("compose/compose.yaml");
    Run config = run(List.of("docker", "compose", "-f", compose.toString(), "config", "--format", "json"),
        Map.of("DOCKER_CONFIG", dockerConfig));
    assertThat(config.exit).as(config.output).isZero();
    JsonNode stack = JSON.readTree(config.output.substring(config.output.indexOf('{')));
    Set<String> services = new TreeSet<>();
    stack.path("services").fieldNames().forEachRemaining(services::add);
    assertThat(services).containsExactlyInAnyOrder("origin", "avatar-service", "otel-collector", "jaeger", "prometheus", "grafana");
    // Every file the stack mounts or builds from is in the repository.
    for (JsonNode service : stack.path("services")) {
      for (JsonNode volume : service.path("volumes")) {
        if ("bind".equals(volume.path("type").asText())) {
          assertThat(Path.of(volume.path("source").asText())).as("mounted into %s", volume.path("target")).exists();
        }
      }
      JsonNode build = service.path("build");
      if (!build.isMissingNode()) {
        assertThat(Path.of(build.path("context").asText()).resolve(build.path("dockerfile").asText())).exists();
      }
    }
    JsonNode avatar = stack.path("services").path("avatar-service").path("environment");
    assertThat(avatar.path("IMGPROXY_OPEN_TELEMETRY_ENDPOINT").asText()).isEqualTo("otel-collector:4317");
    assertThat(avatar.path("IMGPROXY_PROMETHEUS_BIND").asText()).endsWith(":9464");
    // The gateway: traces batched and tail-sampled, to Jaeger; Prometheus scrapes the agent.
    JsonNode collector = YAML.readTree(KIT.resolve("compose/otel-collector.yaml").toFile());
    assertThat(texts(collector.path("service").path("pipelines").path("traces").path("processors")))
        .contains("tail_sampling", "batch");
    assertThat(texts(collector.path("service").path("pipelines").path("traces").path("exporters"))).contains("otlp/jaeger");
    assertThat(Files.readString(KIT.resolve("compose/prometheus.yml"))).contains("avatar-service:9464", "/etc/prometheus/alerts.yml");
    // The images' COPY sources are what the build makes.
    assertThat(copies(KIT.resolve("docker/avatar-service.Dockerfile"))).allSatisfy((src, dst) ->
        assertThat(REPO.resolve(src)).as("COPY %s %s", src, dst).exists());
    assertThat(copies(KIT.resolve("docker/agent.Dockerfile"))).containsEntry("pixtrace-agent.jar", "/opt/pixtrace/pixtrace-agent.jar");
    assertThat(REPO.resolve("agent/target/pixtrace-agent.jar")).exists();
  }

  /**
   * The Operator's Java injection with the kit's image: its init container copies
   * {@code /javaagent.jar} of the image into a shared volume, and the app container starts with
   * {@code JAVA_TOOL_OPTIONS=-javaagent:<that copy>}, the Operator's variables and the
   * Instrumentation's {@code spec.java.env}.
   */
  @Test
  void theOperatorLayoutRunsTheAgentAsTheOperatorInjectsIt(@TempDir Path image) throws Exception {
    Map<String, String> copies = copies(KIT.resolve("operator/Dockerfile"));
    assertThat(copies).containsEntry("pixtrace-agent.jar", "/javaagent.jar");
    Path volume = Files.createDirectories(image.resolve("otel-auto-instrumentation-java"));
    Files.copy(REPO.resolve("agent/target/pixtrace-agent.jar"), image.resolve("javaagent.jar"));
    Files.copy(image.resolve("javaagent.jar"), volume.resolve("javaagent.jar"), StandardCopyOption.REPLACE_EXISTING);

    JsonNode instrumentation = YAML.readTree(KIT.resolve("operator/instrumentation.yaml").toFile());
    assertThat(instrumentation.path("kind").asText()).isEqualTo("Instrumentation");
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin()) {
      Map<String, String> env = new HashMap<>();
      for (JsonNode e : instrumentation.path("spec").path("java").path("env")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
      env.put("IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + PrometheusServer.freePort()); // loopback here
      env.put("JAVA_TOOL_OPTIONS", "-javaagent:" + volume.resolve("javaagent.jar"));
      env.put("OTEL_SERVICE_NAME", "avatar-service");
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + otlp.grpcPort());
      env.put("OTEL_RESOURCE_ATTRIBUTES", "k8s.pod.name=avatar-service-7c9d4-x2x7q,k8s.namespace.name=images");
      try (AvatarHost host = AvatarHost.start(false, origin.url(), env)) {
        assertThat(host.get("/avatar/" + TestOrigin.ALICE + "?s=64").statusCode()).isEqualTo(200);
        ReceivedSpan server = otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT);
        assertThat(server.resourceAttributes()).containsEntry("service.name", "avatar-service")
            .containsEntry("k8s.pod.name", "avatar-service-7c9d4-x2x7q").containsEntry("k8s.namespace.name", "images");
        assertThat(host.process.stderr()).anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS: -javaagent:"));
      }
    }
  }

  /**
   * The Kubernetes manifest's container environment, with the Downward API values a kubelet
   * would put there, runs the service: the pod's name, namespace and node become resource
   * attributes, and the ports line up with the Service and the scrape annotations.
   */
  @Test
  void theKubernetesManifestsEnvironmentRunsTheService() throws Exception {
    List<JsonNode> docs = YAML.readValues(YAML.getFactory().createParser(KIT.resolve("kubernetes/avatar-service.yaml").toFile()),
        JsonNode.class).readAll();
    JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    JsonNode service = docs.stream().filter(d -> d.path("kind").asText().equals("Service")).findFirst().orElseThrow();
    JsonNode pod = deployment.path("spec").path("template");
    JsonNode container = pod.path("spec").path("containers").get(0);
    Map<String, String> downward = Map.of("metadata.name", "avatar-service-5f7b9-abcde", "metadata.namespace", "images",
        "spec.nodeName", "node-3");
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : container.path("env")) {
      String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText(null);
      env.put(e.path("name").asText(), field != null ? downward.get(field) : e.path("value").asText());
    }
    assertThat(env).containsEntry("K8S_POD_NAME", "avatar-service-5f7b9-abcde").containsEntry("K8S_NODE_NAME", "node-3");
    String metricsPort = pod.path("metadata").path("annotations").path("prometheus.io/port").asText();
    assertThat(env.get("IMGPROXY_PROMETHEUS_BIND")).endsWith(":" + metricsPort);
    assertThat(texts(container.path("ports"), "containerPort")).contains(metricsPort);
    assertThat(texts(service.path("spec").path("ports"), "port")).contains(metricsPort);
    assertThat(container.path("image").asText()).isEqualTo(
        YAML.readTree(KIT.resolve("compose/compose.yaml").toFile()).path("x-avatar-image").path("image").asText());

    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin()) {
      int port = PrometheusServer.freePort();
      env.put("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint()); // the cluster's collector, here
      env.put("IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + port);
      env.remove("AVATAR_UPSTREAM_URL"); // AvatarHost points the service at the test origin
      try (AvatarHost host = AvatarHost.start(true, origin.url(), env)) {
        // The manifest's tail sampling keeps 10 % of ordinary requests and every failed one.
        assertThat(env).containsEntry("IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_RATIO", "0.1");
        assertThat(host.get("/avatar/" + TestOrigin.NOBODY).statusCode()).isEqualTo(404);
        ReceivedSpan server = otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT);
        assertThat(server.resourceAttributes()).containsEntry("service.name", "avatar-service")
            .containsEntry("k8s.pod.name", "avatar-service-5f7b9-abcde").containsEntry("k8s.namespace.name", "images")
            .containsEntry("k8s.node.name", "node-3");
        String metrics = AvatarHost.CLIENT.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("workers{otel_scope_name=\"io.pixtrace\"} 4.0").contains("requests_total");
      }
    }
  }

  /** Requests for {@code time} from two clients: sizes and formats, a download that fails, a bad hash. */
  private static int load(AvatarHost host, Duration time) throws Exception {
    List<String> paths = List.of("/avatar/" + TestOrigin.ALICE + "?s=64", "/avatar/" + TestOrigin.ALICE + "?s=200&f=webp",
        "/avatar/" + TestOrigin.BOB + "?f=webp", "/avatar/" + TestOrigin.CAROL + "?s=48", "/avatar/" + TestOrigin.NOBODY,
        "/avatar/" + TestOrigin.BOB + "?s=512", "/avatar/not-a-hash");
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      long end = System.nanoTime() + time.toNanos();
      List<Future<Integer>> sent = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        int first = c;
        sent.add(clients.submit(() -> {
          int n = 0;
          for (int i = first; System.nanoTime() < end; i++) {
            host.get(paths.get(i % paths.size()));
            n++;
          }
          return n;
        }));
      }
      int total = 0;
      for (Future<Integer> f : sent) {
        total += f.get(time.toSeconds() + 60, TimeUnit.SECONDS);
      }
      return total;
    } finally {
      clients.shutdownNow();
    }
  }

  /** Every query of the dashboard, by panel title, with its variables as Grafana would fill them. */
  private static Map<String, String> dashboardQueries() throws IOException {
    JsonNode dashboard = JSON.readTree(KIT.resolve("grafana/pixtrace-dashboard.json").toFile());
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText().replace("${prefix}", "").replace("$__rate_interval", "1m");
        assertThat(expr).as("a variable the test does not fill").doesNotContain("$");
        queries.put(panel.path("title").asText() + " " + target.path("refId").asText(), expr);
      }
    }
    assertThat(queries).hasSizeGreaterThan(20);
    return queries;
  }

  /** Every alert of the rule file: name to expression. */
  private static Map<String, String> ruleExpressions() throws IOException {
    Map<String, String> rules = new LinkedHashMap<>();
    for (JsonNode group : YAML.readTree(KIT.resolve("prometheus/alerts.yml").toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        rules.put(rule.path("alert").asText(), rule.path("expr").asText());
      }
    }
    return rules;
  }

  private static String withoutThreshold(String expr) {
    Matcher m = THRESHOLD.matcher(expr);
    assertThat(m.matches()).as("alert expression <query> <comparison> <number>: %s", expr).isTrue();
    return m.group(1);
  }

  /** The alerting rules once Prometheus has evaluated each of them. */
  private static JsonNode awaitEvaluatedRules(PrometheusServer prometheus) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode rules = null;
    while (System.nanoTime() < deadline) {
      rules = JSON.readTree(prometheus.get("/api/v1/rules")).path("data").path("groups").path(0).path("rules");
      boolean all = rules.size() > 0;
      for (JsonNode r : rules) {
        all &= !r.path("lastEvaluation").asText("0001").startsWith("0001");
      }
      if (all) {
        return rules;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("rules never evaluated: " + rules + "\n" + prometheus.log());
  }

  /** {@code COPY src dst} lines of a Dockerfile. */
  private static Map<String, String> copies(Path dockerfile) throws IOException {
    Map<String, String> copies = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
      String[] words = line.trim().split("\\s+");
      if (words.length == 3 && words[0].equals("COPY")) {
        copies.put(words[1], words[2]);
      }
    }
    assertThat(copies).as("COPY lines of %s", dockerfile).isNotEmpty();
    return copies;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().putAll(env);
    Process p = b.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
