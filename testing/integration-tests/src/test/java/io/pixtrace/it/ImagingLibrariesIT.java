package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thumbnailator 0.4.21 and imgscalr 4.2 in a real host JVM (JDK 17 and the build's JDK 25)
 * with the agent: each request's image work is one {@code processing_image} span under the
 * SERVER span, with no duplicate from the library's own inner calls; formats, sizes in pixels
 * and bytes as the calls reveal them; imgproxy's processing metrics agree; responses are the
 * same bytes as without the agent.
 */
class ImagingLibrariesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static HostProcess start(Path java, boolean agent, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.addAll(List.of("-cp", System.getProperty("java.class.path"), ImagingLibrariesHost.class.getName()));
    Map<String, String> e = new HashMap<>(env);
    e.put("IMAGES", System.getProperty("avatar.images"));
    return HostProcess.start(java, e, args);
  }

  private static HttpResponse<byte[]> get(HostProcess host, String path) throws Exception {
    String base = host.awaitStdout("imaging-host listening on (\\S+)", WAIT);
    return AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The trace of {@code path}: exactly its SERVER span and one processing_image span inside it. */
  private static ReceivedSpan processing(OtlpReceiver otlp, String path) throws InterruptedException {
    otlp.awaitSpans(Spans.traceComplete(path, 2), WAIT);
    List<ReceivedSpan> trace = Spans.traceOf(otlp.spans(), path);
    assertThat(trace).as("spans of %s: %s", path, otlp.dumpSpans()).hasSize(2);
    ReceivedSpan processing = Spans.named(trace, "processing_image");
    Spans.nested(processing, Spans.ofKind(trace, Kind.SERVER));
    assertThat(processing.kind()).isEqualTo(Kind.INTERNAL);
    return processing;
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"17", "current"})
  void thumbnailatorAndImgscalrCallsAreTheProcessingStage(String jdk) throws Exception {
    Path java = jdk.equals("17") ? HostProcess.java17() : HostProcess.currentJava();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        HostProcess traced = start(java, true, Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "300",
            "OTEL_BSP_SCHEDULE_DELAY", "100"));
        HostProcess plain = start(java, false, Map.of())) {
      Map<String, HttpResponse<byte[]>> responses = new HashMap<>();
      for (String path : List.of("/thumbnailator/alice.jpg", "/thumbnailator-static/bob.png",
          "/imgscalr/mp.png", "/scalr-only", "/thumbnailator/carol.webp")) {
        HttpResponse<byte[]> response = get(traced, path);
        assertThat(response.body()).as("%s with and without the agent", path).isEqualTo(get(plain, path).body());
        responses.put(path, response);
      }
      traced.flush(); // every span it made has arrived: the counts below miss nothing late

      // Thumbnails.of(...).toOutputStream: the builder's call owns the operation; the task's
      // read and the sink's write only report what they saw.
      String path = "/thumbnailator/alice.jpg";
      assertThat(responses.get(path).statusCode()).isEqualTo(200);
      assertThat(processing(otlp, path).attributes())
          .containsEntry("image.input.format", "jpeg")
          .containsEntry("image.output.format", "png")
          .containsEntry("image.output.width", 48L)
          .containsEntry("image.output.height", 48L)
          .containsEntry("image.output.size", (long) responses.get(path).body().length)
          .doesNotContainKey("error.type");

      // ImageIO.read, then the static overload that runs createThumbnail(task) inside: one span.
      path = "/thumbnailator-static/bob.png";
      assertThat(processing(otlp, path).attributes())
          .containsEntry("image.input.format", "png")
          .containsEntry("image.output.format", "png")
          .containsEntry("image.output.width", 40L)
          .containsEntry("image.output.height", 40L)
          .containsEntry("image.output.size", (long) responses.get(path).body().length);

      // ImageIO.read, Scalr.resize, ImageIO.write: one span from the first to the last.
      path = "/imgscalr/mp.png";
      assertThat(processing(otlp, path).attributes())
          .containsEntry("image.output.format", "png")
          .containsEntry("image.output.width", 40L)
          .containsEntry("image.output.height", 40L)
          .containsEntry("image.output.size", (long) responses.get(path).body().length);

      // Scalr alone (resize, then pad; pad calls Scalr internally): pixels, no format, no bytes.
      path = "/scalr-only";
      assertThat(new String(responses.get(path).body(), StandardCharsets.UTF_8)).startsWith("54x29 ");
      assertThat(processing(otlp, path).attributes())
          .containsEntry("image.output.width", 54L)
          .containsEntry("image.output.height", 29L)
          .doesNotContainKeys("image.output.format", "image.output.size");

      // The JDK has no WebP reader: Thumbnailator throws, the processing span records it.
      path = "/thumbnailator/carol.webp";
      assertThat(responses.get(path).statusCode()).isEqualTo(422);
      ReceivedSpan failed = processing(otlp, path);
      assertThat(failed.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
      assertThat(failed.attributes()).containsEntry("error.type", "processing");
      assertThat(failed.event("exception").orElseThrow().attributes())
          .containsEntry("exception.type", new String(responses.get(path).body(), StandardCharsets.UTF_8));

      otlp.awaitMetric("images_processed_total", m -> "png".equals(m.attributes().get("format")) && m.longValue() == 3,
          WAIT);
      otlp.awaitMetric("request_span_duration_seconds",
          m -> "processing_image".equals(m.attributes().get("span")) && m.count() == 5, WAIT);
      otlp.awaitMetric("errors_total", m -> "processing".equals(m.attributes().get("type")) && m.longValue() == 1,
          WAIT);
      otlp.awaitMetric("images_in_progress", m -> m.longValue() == 0, WAIT);
      assertThat(otlp.metrics("images_processed_total")).map(ReceivedMetric::attributes)
          .allSatisfy(a -> assertThat(a).containsEntry("format", "png"));
    }
  }
}
