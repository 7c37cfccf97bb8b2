package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the collector down (nothing listens on its port), the service answers exactly as it
 * does without the agent, before and after the agent's exports have failed, and nothing the
 * agent does puts an exception or a stack trace in the host's output. That the agent is at work
 * at all is shown by its start line and by its rate-limited line for the failed export to that
 * port (docs/configuration.md: the SDK's warnings become {@code [pixtrace] ERROR} lines).
 */
class CollectorDownIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> REQUESTS = List.of(
      "/avatar/" + TestOrigin.ALICE + "?s=48&f=png",
      "/avatar/" + TestOrigin.BOB + "?s=40&f=jpg",
      "/avatar/" + TestOrigin.CAROL + "?s=40&f=webp",
      "/avatar/" + TestOrigin.NOBODY,
      "/avatar/" + TestOrigin.NOBODY + "?d=identicon&s=32",
      "/avatar/not-a-hash",
      "/avatar/" + TestOrigin.ALICE + "?s=5",
      "/health",
      "/nowhere");

  @Test
  void responsesAreTheSameAsWithoutTheAgent() throws Exception {
    try (RefusedPort refused = new RefusedPort()) {
      check(refused.port());
    }
  }

  private void check(int closedPort) throws Exception {
    List<String> without;
    List<String> with;
    List<String> afterFailedExports;
    AvatarHost withAgent;
    try (TestOrigin origin = new TestOrigin()) {
      try (AvatarHost plain = AvatarHost.start(false, origin.url(), Map.of())) {
        without = run(plain);
      }
      withAgent = AvatarHost.start(true, origin.url(), Map.of(
          "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "127.0.0.1:" + closedPort,
          "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
          "OTEL_METRIC_EXPORT_INTERVAL", "300",
          "IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT", "1"));
      try (withAgent) {
        withAgent.process.awaitStderr(
            "^\\[pixtrace\\] INFO Pixtrace \\S+ is on \\(traces: otlp, metrics: otlp, logs: none\\)", WAIT);
        with = run(withAgent);
        // It tried the collector (metrics every 300 ms, the requests' spans) and said so once.
        withAgent.process.awaitStderr("^\\[pixtrace\\] ERROR .*Failed to export (spans|metrics)\\..*"
            + "ConnectException: Failed to connect to /127\\.0\\.0\\.1:" + closedPort + "$", WAIT);
        afterFailedExports = run(withAgent);
      }
    }
    assertThat(with).containsExactlyElementsOf(without);
    assertThat(afterFailedExports).as("the answers once exports have failed").containsExactlyElementsOf(without);
    String output = withAgent.process.output();
    assertThat(withAgent.process.stderr()).as(output)
        .noneMatch(line -> line.contains("Exception") && !line.startsWith("[pixtrace]"))
        .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"));
    assertThat(withAgent.process.stdout()).as(output).noneMatch(line -> line.contains("Exception"));
    long agentErrors = withAgent.process.stderr().stream().filter(l -> l.startsWith("[pixtrace] ERROR")).count();
    // The exporter retries with back-off before it reports; then at most one line per exporter.
    assertThat(agentErrors).as("at most one rate-limited line per failing exporter, " + output).isLessThanOrEqualTo(2L);
  }

  private static List<String> run(AvatarHost host) throws Exception {
    List<String> results = new ArrayList<>();
    for (String path : REQUESTS) {
      HttpResponse<byte[]> r = host.get(path);
      results.add(path + " -> " + r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("")
          + " " + java.util.Arrays.hashCode(r.body()));
    }
    return results;
  }
}
