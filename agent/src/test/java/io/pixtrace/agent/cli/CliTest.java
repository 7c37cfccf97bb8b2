package io.pixtrace.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.ExportRequest;
import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.Signal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliTest {
  private String output;

  private int run(Map<String, String> env, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = Cli.run(args, env, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    output = bytes.toString(StandardCharsets.UTF_8);
    return status;
  }

  @Test
  void configShowsValuesSourcesAndErrorsButNoSecrets() {
    int status = run(Map.of(
        "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "collector:4317",
        "IMGPROXY_OPEN_TELEMETRY_HEADERS", "Authorization: Bearer s3cr3t-token",
        "IMGPROXY_OPEN_TELEMETRY_CLIENT_KEY", "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----",
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "maybe",
        "OTEL_SERVICE_NAME", "thumbs"), "config");
    assertThat(status).isEqualTo(1);
    assertThat(output)
        .contains("telemetry: on (traces: otlp, metrics: none, logs: none)")
        .contains("IMGPROXY_OPEN_TELEMETRY_HEADERS=Authorization: ***")
        .contains("IMGPROXY_OPEN_TELEMETRY_CLIENT_KEY=*** (")
        .contains("otel.exporter.otlp.endpoint=http://collector:4317  <- IMGPROXY_OPEN_TELEMETRY_ENDPOINT")
        .contains("otel.service.name=thumbs  <- OTEL_SERVICE_NAME")
        .contains("otel.bsp.schedule.delay=1000  <- Pixtrace default")
        .contains("IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS=\"maybe\" is not a boolean")
        .doesNotContain("s3cr3t-token")
        .doesNotContain("AAAA");
  }

  /**
   * A bad SDK variable shows the value the SDK gets in its place; the default service name is
   * the host's, not this command's jar (issue 15).
   */
  @Test
  void configShowsCheckedSdkValuesAndThatTheServiceIsNamedAfterTheHost() {
    int status = run(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "collector:4317", "OTEL_BSP_MAX_QUEUE_SIZE", "-1",
        "OTEL_METRIC_EXPORT_INTERVAL", "15s"), "config");
    assertThat(status).isEqualTo(1);
    assertThat(output)
        .contains("  OTEL_BSP_MAX_QUEUE_SIZE=2048  <- environment, bad (see errors)  #")
        .contains("otel.bsp.max.queue.size=2048  <- OTEL_BSP_MAX_QUEUE_SIZE (or -Dotel.bsp.max.queue.size), checked by Pixtrace")
        .contains("otel.metric.export.interval=15000  <- OTEL_METRIC_EXPORT_INTERVAL")
        .contains("OTEL_BSP_MAX_QUEUE_SIZE=\"-1\" is not a count")
        .contains("otel.service.name=(the host's jar name without .jar, or its main class's simple name)  <- Pixtrace default")
        .doesNotContain("otel.service.name=pixtrace-agent");
  }

  @Test
  void configListsEveryVariableWithItsValueAndSource() {
    run(Map.of("IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "HTTPS", "IMGPROXY_OPEN_TELEMETRY_THROTTLE", "250ms",
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS", "perhaps"), "config");
    for (io.pixtrace.agent.config.Variable<?> v : io.pixtrace.agent.config.Variables.ALL) {
      assertThat(output).as(v.name()).containsPattern("(?m)^  " + v.name() + "=.*  <- .*  # " + java.util.regex.Pattern.quote(v.doc()) + "$");
    }
    assertThat(output)
        .contains("  IMGPROXY_OPEN_TELEMETRY_PROTOCOL=https  <- environment  #")
        .contains("  IMGPROXY_OPEN_TELEMETRY_THROTTLE=250ms  <- environment  #")
        .contains("  IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT=5  <- default  #")
        .contains("  IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS=false  <- environment, bad (see errors)  #")
        .contains("  IMGPROXY_OPEN_TELEMETRY_SERVER_CERT=(unset)  <- default  #");
  }

  @Test
  void offIsSaidWithTheWayToTurnItOn() {
    assertThat(run(Map.of(), "config")).isZero();
    assertThat(output).contains("telemetry: off (telemetry is off: set IMGPROXY_OPEN_TELEMETRY_ENDPOINT");
  }

  /**
   * {@code check} sends each signal's collector an empty export with the agent's own exporters,
   * so the protocol and TLS are tested, not only the port: a plaintext collector asked for
   * https fails (a TLS error or, as the JDK's client waits for the handshake, a timeout with a
   * hint; issue 15, item 7), where a TCP connect succeeded; a refused port fails with its cause.
   */
  @Test
  void checkMakesAnExportRoundTripPerSignalAndBindsPrometheus() throws Exception {
    System.setProperty("otel.exporter.otlp.timeout", "2000");
    try (OtlpReceiver collector = OtlpReceiver.start(); ServerSocket taken = new ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      int free;
      try (ServerSocket s = new ServerSocket(0)) {
        free = s.getLocalPort();
      }
      int status = run(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", collector.grpcEndpoint(),
          "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true", "IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + free), "check");
      assertThat(output).contains("OK    traces to " + collector.grpcEndpoint() + ": an empty OTLP export request was accepted")
          .contains("OK    metrics to " + collector.grpcEndpoint() + ": an empty OTLP export request was accepted")
          .contains("OK    Prometheus address 127.0.0.1:" + free);
      assertThat(status).isZero();
      assertThat(collector.requests()).extracting(ExportRequest::signal).contains(Signal.TRACES, Signal.METRICS);

      String plaintextHttp = "127.0.0.1:" + collector.httpPort();
      int https = run(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", plaintextHttp,
          "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "https"), "check");
      assertThat(https).isEqualTo(1);
      assertThat(output).containsPattern("FAIL  traces to " + java.util.regex.Pattern.quote(plaintextHttp)
          + ": .*(SSL.*|timeout.*a TCP connection opens: a plaintext collector answers TLS with silence.*)$");

      int refused = run(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "127.0.0.1:" + free,
          "IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + taken.getLocalPort()), "check");
      assertThat(refused).isEqualTo(1);
      assertThat(output).containsPattern("FAIL  traces to 127\\.0\\.0\\.1:" + free
          + ": .*(ConnectException|Failed to connect|no TCP connection either: Connection refused)")
          .contains("FAIL  Prometheus address");
    } finally {
      System.clearProperty("otel.exporter.otlp.timeout");
    }
  }

  @Test
  void usage() {
    assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
    assertThat(output).contains("usage: java -jar pixtrace-agent.jar config|check");
  }
}
