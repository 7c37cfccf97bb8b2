package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vips-ffm's API shape on JDK 25 with the agent, through the stand-in of the same names and
 * signatures (testing/vips-ffm-standin) that runs the real libvips: operations through
 * {@code VipsInvoker.invokeOperation} and the {@code VImage.write}/{@code writeToMemory}
 * bypasses are one {@code processing_image} span per request, with {@code vips} child spans
 * for the calls that compute pixels and none for loads and transforms (nor for the raw
 * jextract calls inside, which the libvips instrumentation also sees); the vips gauges read
 * the libvips the host loaded; responses are the same bytes as without the agent.
 */
class VipsFfmIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static HostProcess start(boolean agent, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.addAll(List.of("--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("vipsffm.standin.jar", "../vips-ffm-standin/target/vips-ffm-standin.jar"),
        "io.pixtrace.it.vipsffm.VipsFfmHost"));
    Map<String, String> e = new HashMap<>(env);
    e.put("IMAGES", System.getProperty("avatar.images"));
    return HostProcess.start(HostProcess.currentJava(), e, args);
  }

  private static HttpResponse<byte[]> get(HostProcess host, String path) throws Exception {
    String base = host.awaitStdout("vips-ffm-host listening on (\\S+)", WAIT);
    return AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The trace of {@code urlPath}, exactly {@code count} spans (no duplicates). */
  private static List<ReceivedSpan> trace(OtlpReceiver otlp, String urlPath, int count) throws InterruptedException {
    otlp.awaitSpans(Spans.traceComplete(urlPath, count), WAIT);
    List<ReceivedSpan> trace = Spans.traceOf(otlp.spans(), urlPath);
    assertThat(trace).as("spans of %s: %s", urlPath, otlp.dumpSpans()).hasSize(count);
    return trace;
  }

  @Test
  void vipsFfmOperationsAreTheProcessingStageWithVipsSpansForPixelWork() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        HostProcess traced = start(true, Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "300",
            "OTEL_BSP_SCHEDULE_DELAY", "100"));
        HostProcess plain = start(false, Map.of())) {
      Map<String, HttpResponse<byte[]>> responses = new HashMap<>();
      for (String path : List.of("/thumb/alice.jpg?w=64", "/thumb/mp.png?w=32", "/raw/bob.png",
          "/thumb/bob.png?opts=%5Bnosuch=1%5D")) {
        HttpResponse<byte[]> response = get(traced, path);
        assertThat(response.body()).as("%s with and without the agent", path).isEqualTo(get(plain, path).body());
        responses.put(path, response);
      }
      traced.flush(); // every span it made has arrived: the counts below miss nothing late

      // Load (jpegload_source), thumbnail_image, jpegsave_buffer: one span, a vips span for the save.
      HttpResponse<byte[]> thumb = responses.get("/thumb/alice.jpg?w=64");
      assertThat(thumb.statusCode()).isEqualTo(200);
      List<ReceivedSpan> spans = trace(otlp, "/thumb/alice.jpg", 3);
      ReceivedSpan server = Spans.ofKind(spans, Kind.SERVER);
      ReceivedSpan processing = Spans.named(spans, "processing_image");
      ReceivedSpan save = Spans.named(spans, "vips jpegsave_buffer");
      Spans.nested(processing, server);
      Spans.nested(save, processing);
      assertThat(processing.attributes())
          .containsEntry("image.input.format", "jpeg")
          .containsEntry("image.output.format", "jpeg")
          .containsEntry("image.output.width", 64L)
          .containsEntry("image.output.height", 64L)
          .containsEntry("image.output.size", (long) thumb.body().length)
          .doesNotContainKey("error.type");
      assertThat(save.attributes())
          .containsEntry("image.output.format", "jpeg")
          .containsEntry("image.output.size", (long) thumb.body().length);

      List<ReceivedSpan> png = trace(otlp, "/thumb/mp.png", 3);
      assertThat(Spans.named(png, "processing_image").attributes())
          .containsEntry("image.input.format", "png")
          .containsEntry("image.output.width", 32L);

      // VImage.write(VImage) and VImage.writeToMemory() bypass VipsInvoker: a vips span each.
      HttpResponse<byte[]> raw = responses.get("/raw/bob.png");
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.body()).hasSize(16 * 16 * 4); // bob.png is 256x256 RGBA
      List<ReceivedSpan> rawSpans = trace(otlp, "/raw/bob.png", 4);
      ReceivedSpan rawProcessing = Spans.named(rawSpans, "processing_image");
      Spans.nested(Spans.named(rawSpans, "vips image_write"), rawProcessing);
      ReceivedSpan toMemory = Spans.named(rawSpans, "vips image_write_to_memory");
      Spans.nested(toMemory, rawProcessing);
      assertThat(toMemory.attributes())
          .containsEntry("image.output.width", 16L)
          .containsEntry("image.output.height", 16L)
          .containsEntry("image.output.size", (long) raw.body().length)
          .doesNotContainKey("image.output.format");
      assertThat(rawProcessing.attributes()).containsEntry("image.input.format", "png");

      // A libvips error inside invokeOperation (VipsError) fails the processing span.
      HttpResponse<byte[]> bad = responses.get("/thumb/bob.png?opts=%5Bnosuch=1%5D");
      assertThat(bad.statusCode()).isEqualTo(422);
      List<ReceivedSpan> badSpans = trace(otlp, "/thumb/bob.png", 2);
      ReceivedSpan failed = Spans.named(badSpans, "processing_image");
      assertThat(failed.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
      assertThat(failed.attributes()).containsEntry("error.type", "processing");
      assertThat(failed.event("exception").orElseThrow().attributes())
          .containsEntry("exception.message", new String(bad.body(), StandardCharsets.UTF_8));

      otlp.awaitMetric("images_processed_total", m -> "jpeg".equals(m.attributes().get("format")) && m.longValue() == 2,
          WAIT);
      otlp.awaitMetric("request_span_duration_seconds",
          m -> "processing_image".equals(m.attributes().get("span")) && m.count() == 4, WAIT);
      otlp.awaitMetric("errors_total", m -> "processing".equals(m.attributes().get("type")) && m.longValue() == 1,
          WAIT);
      assertThat(otlp.awaitMetric("vips_max_memory_bytes", m -> m.longValue() > 0, WAIT).unit()).isEqualTo("By");
      assertThat(otlp.metricNames()).contains("vips_memory_bytes", "vips_allocs");
      assertThat(otlp.metrics("images_processed_total")).allSatisfy(
          m -> assertThat(m.attributes()).containsEntry("format", "jpeg"));
    }
  }
}
