package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code IMGPROXY_OPEN_TELEMETRY_DOWNLOAD_METHODS}, {@code _QUEUE_METHODS} and
 * {@code _PROCESSING_METHODS}: the host's own methods become the stages' spans and metrics;
 * entries that match nothing are reported by name after start-up.
 */
class ConfiguredMethodsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void hostMethodsBecomeStages() throws Exception {
    String host = MethodsHost.class.getName();
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess h = HostProcess.start(HostProcess.java17(), Map.of(
            "UPSTREAM", origin.url(),
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "300",
            "IMGPROXY_OPEN_TELEMETRY_QUEUE_METHODS", host + "#waitForSlot",
            "IMGPROXY_OPEN_TELEMETRY_DOWNLOAD_METHODS", host + "#fetch",
            "IMGPROXY_OPEN_TELEMETRY_PROCESSING_METHODS",
                host + "$Images#*;io.pixtrace.it.NoSuchClass#resize;" + host + "#noSuchMethod"),
            List.of("-javaagent:" + HostProcess.agentJar(), "-Dpixtrace.methods.check.seconds=3",
                "-cp", Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString(),
                host))) {
      String url = h.awaitStdout("methods-host listening on (\\S+)", WAIT);
      assertThat(Jdk17HostIT.get(url + "/custom/" + TestOrigin.ALICE)).startsWith("200 ");
      String path = "/custom/" + TestOrigin.ALICE;
      List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, 5), WAIT), path);
      assertThat(trace).as(otlp.dumpSpans()).hasSize(5);
      ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
      ReceivedSpan queue = Spans.named(trace, "queue");
      ReceivedSpan download = Spans.named(trace, "downloading_image");
      ReceivedSpan client = Spans.ofKind(trace, Kind.CLIENT);
      ReceivedSpan processing = Spans.named(trace, "processing_image");
      Spans.nested(queue, server);
      Spans.nested(download, server);
      Spans.nested(client, download);
      Spans.nested(processing, server);
      assertThat(queue.kind()).isEqualTo(Kind.INTERNAL);
      assertThat(download.kind()).isEqualTo(Kind.INTERNAL);
      assertThat(queue.attributes()).containsEntry("code.function.name", host + ".waitForSlot");
      assertThat(download.attributes()).containsEntry("code.function.name", host + ".fetch");
      assertThat(queue.durationNanos()).isGreaterThanOrEqualTo(30_000_000L);
      assertThat(queue.endEpochNanos()).isLessThanOrEqualTo(download.startEpochNanos());
      assertThat(download.endEpochNanos()).isLessThanOrEqualTo(processing.startEpochNanos());
      for (String stage : List.of("queue", "downloading_image", "processing_image")) {
        otlp.awaitMetric("request_span_duration_seconds", m -> stage.equals(m.attributes().get("span")) && m.count() == 1, WAIT);
      }

      h.awaitStderr("PROCESSING_METHODS names io.pixtrace.it.NoSuchClass#resize, but class io.pixtrace.it.NoSuchClass has not been loaded", WAIT);
      h.awaitStderr("PROCESSING_METHODS names " + host.replace("$", "\\$") + "#noSuchMethod, but .* has no method noSuchMethod", WAIT);
      assertThat(h.stderr()).noneMatch(l -> l.contains("#waitForSlot") || l.contains("#fetch") || l.contains("Images#*"));
    }
  }
}
