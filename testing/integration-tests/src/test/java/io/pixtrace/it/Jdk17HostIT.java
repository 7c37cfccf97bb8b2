package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's own bytecode targets Java 17: on a JDK 17 host it traces the server, queue
 * and download stages, and skips the FFM part (libvips) with one log line. The same host
 * also shows the standard {@code OTEL_TRACES_EXPORTER} names at work.
 */
class Jdk17HostIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  static HostProcess start(Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    return HostProcess.start(HostProcess.java17(), all, List.of(
        "-javaagent:" + HostProcess.agentJar(),
        "-cp", Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString(),
        Jdk17Host.class.getName()));
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body().trim();
  }

  @Test
  void serverQueueAndDownloadOnJava17() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess host = start(Map.of(
            "UPSTREAM", origin.url(),
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "500"))) {
      String url = host.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      assertThat(get(url + "/img/" + TestOrigin.ALICE)).startsWith("200 200 ");
      List<ReceivedSpan> trace = Spans.traceOf(
          otlp.awaitSpans(Spans.traceComplete("/img/" + TestOrigin.ALICE, 3), WAIT), "/img/" + TestOrigin.ALICE);
      ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
      assertThat(server.name()).isEqualTo("GET /img/");
      Spans.nested(Spans.named(trace, "queue"), server);
      Spans.nested(Spans.ofKind(trace, Kind.CLIENT), server);

      // supplyAsync(..., executor) and invokeAll: one queue span per task, never two.
      assertThat(get(url + "/both/" + TestOrigin.BOB)).isEqualTo("200 200 200");
      List<ReceivedSpan> both = Spans.traceOf(
          otlp.awaitSpans(Spans.traceComplete("/both/" + TestOrigin.BOB, 5), WAIT), "/both/" + TestOrigin.BOB);
      assertThat(both).as(otlp.dumpSpans()).hasSize(5);
      ReceivedSpan bothServer = Spans.ofKind(both, Kind.SERVER);
      assertThat(both.stream().filter(s -> s.name().equals("queue"))).hasSize(2)
          .allSatisfy(q -> Spans.nested(q, bothServer));
      assertThat(both.stream().filter(s -> s.kind() == Kind.CLIENT)).hasSize(2)
          .allSatisfy(c -> Spans.nested(c, bothServer));
      otlp.awaitMetric("requests_total", m -> m.longValue() == 2, WAIT);

      assertThat(host.stderr().stream().filter(l -> l.contains("Libvips instrumentation needs Java 22+"))).hasSize(1);
      assertThat(otlp.metricNames()).doesNotContain("vips_memory_bytes");
    }
  }

  @Test
  void standardExporterNamesWorkAsTheSdkDocumentsThem() throws Exception {
    try (TestOrigin origin = new TestOrigin()) {
      String console = run(origin, Map.of("OTEL_TRACES_EXPORTER", "console"), "'GET /img/'");
      assertThat(console).containsPattern("'GET /img/' : [0-9a-f]{32} [0-9a-f]{16} SERVER");

      // Not bundled (docs/configuration.md): an unknown exporter name, the agent off, the host serving.
      String json = run(origin, Map.of("OTEL_TRACES_EXPORTER", "logging-otlp"), null);
      assertThat(json).contains("the agent could not start and is off")
          .contains("otel.traces.exporter set to \"logging-otlp\" but opentelemetry-exporter-logging-otlp not found").doesNotContain("GET /img/");

      // A value the SDK's builder rejects: the line names the variables set and the SDK's reason,
      // which its own message ("Unexpected configuration error") leaves in a cause.
      String ratio = run(origin, Map.of("IMGPROXY_OPEN_TELEMETRY_ENABLE", "true", "OTEL_TRACES_SAMPLER", "traceidratio",
          "OTEL_TRACES_SAMPLER_ARG", "2"), null);
      assertThat(ratio).contains("the agent could not start and is off")
          .contains("(OTEL_* set: OTEL_TRACES_SAMPLER=traceidratio, OTEL_TRACES_SAMPLER_ARG=2)")
          .contains("Unexpected configuration error; caused by java.lang.IllegalArgumentException: ratio must be in range [0.0, 1.0]");

      String none = run(origin, Map.of("IMGPROXY_OPEN_TELEMETRY_ENABLE", "true", "OTEL_TRACES_EXPORTER", "none"), null);
      assertThat(none).contains("Pixtrace 0.1").doesNotContain("GET /img/").doesNotContain("ERROR");

      String off = run(origin, Map.of("OTEL_TRACES_EXPORTER", "none"), null);
      assertThat(off).contains("telemetry is off").doesNotContain("Pixtrace 0.1");
    }
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin()) {
      // imgproxy 4.x style: turn on, endpoint and protocol from the standard variables.
      run(origin, Map.of(
          "IMGPROXY_OPEN_TELEMETRY_ENABLE", "true",
          "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.httpEndpoint(),
          "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), null);
      assertThat(otlp.awaitSpan(s -> s.name().equals("GET /img/"), WAIT).transport().toString()).isEqualTo("http");
    }
  }

  /** Runs one request through a fresh host; waits for {@code awaitOnStderr} when given. */
  @Test
  void aBadVariableIsReportedAndTheHostRunsUnlessStrict() throws Exception {
    try (TestOrigin origin = new TestOrigin()) {
      String lenient = run(origin, Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "127.0.0.1:4317",
          "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "grcp"), null);
      assertThat(lenient).contains("IMGPROXY_OPEN_TELEMETRY_PROTOCOL=\"grcp\" is not supported: allowed are grpc, https, http, console");

      HostProcess strict = start(Map.of("UPSTREAM", origin.url(),
          "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "127.0.0.1:4317",
          "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "grcp",
          "IMGPROXY_OPEN_TELEMETRY_STRICT", "true"));
      try (strict) {
        strict.awaitStderr("IMGPROXY_OPEN_TELEMETRY_STRICT=true and the configuration is bad: "
            + "IMGPROXY_OPEN_TELEMETRY_PROTOCOL=\"grcp\"", WAIT);
        assertThat(strict.waitForExit(WAIT)).isNotZero();
        assertThat(strict.stdout()).noneMatch(l -> l.contains("listening"));
      }
    }
  }

  private static String run(TestOrigin origin, Map<String, String> env, String awaitOnStderr) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("UPSTREAM", origin.url());
    HostProcess host = start(all);
    try (host) {
      String url = host.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      assertThat(get(url + "/img/" + TestOrigin.BOB)).startsWith("200 200 ");
      if (awaitOnStderr != null) {
        host.awaitStderr(awaitOnStderr, WAIT);
      }
      host.flush(); // what it would export or print has been, once it exited
    }
    return String.join("\n", host.stderr());
  }
}
