package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.Transport;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * imgproxy's metrics after a known mix of requests, exported over OTLP/HTTP: counts per
 * status and per stage agree with what was asked, gauges settle back to zero, libvips'
 * memory high-water mark is read from the process.
 */
class AvatarMetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void metricsAgreeWithTheRequestsMade() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "127.0.0.1:" + otlp.httpPort(),
            "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "http",
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "500"))) {
      String uploaded = TestOrigin.md5("uploaded@example.com");
      byte[] image = Files.readAllBytes(Path.of(System.getProperty("avatar.images")).resolve("bob.png"));
      HttpResponse<byte[]> alice = host.get("/avatar/" + TestOrigin.ALICE + "?s=64");
      assertThat(alice.statusCode()).isEqualTo(200);
      HttpResponse<byte[]> bob = host.get("/avatar/" + TestOrigin.BOB + "?f=webp");
      assertThat(bob.statusCode()).isEqualTo(200);
      assertThat(host.get("/avatar/" + TestOrigin.NOBODY).statusCode()).isEqualTo(404);
      assertThat(host.post("/avatar/" + uploaded, image).statusCode()).isEqualTo(201);
      HttpResponse<byte[]> small = host.get("/avatar/" + uploaded + "?s=32");
      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(host.get("/health").statusCode()).isEqualTo(200);
      int requests = 6;

      awaitLong(otlp, "requests_total", Map.of(), requests);
      awaitLong(otlp, "status_codes_total", Map.of("status", "200"), 4);
      awaitLong(otlp, "status_codes_total", Map.of("status", "404"), 1);
      awaitLong(otlp, "status_codes_total", Map.of("status", "201"), 1);
      awaitLong(otlp, "requests_in_progress", Map.of(), 0);
      awaitLong(otlp, "images_in_progress", Map.of(), 0);
      awaitLong(otlp, "images_processed_total", Map.of("format", "png"), 2);
      awaitLong(otlp, "images_processed_total", Map.of("format", "webp"), 1);
      awaitCount(otlp, "request_duration_seconds", Map.of(), requests);
      awaitCount(otlp, "request_span_duration_seconds", Map.of("span", "queue"), 5);
      awaitCount(otlp, "request_span_duration_seconds", Map.of("span", "downloading_image"), 3);
      awaitCount(otlp, "request_span_duration_seconds", Map.of("span", "processing_image"), 4);
      awaitCount(otlp, "http.client.request.duration", Map.of("http.response.status_code", 404L), 1);
      // Image sizes: the origin's files as downloaded (the 404 has none), the bytes the host
      // answered with, and the pixels of the answers decoded here.
      Path images = Path.of(System.getProperty("avatar.images"));
      long sourceBytes = Files.size(images.resolve("alice.jpg")) + Files.size(images.resolve("bob.png"));
      ReceivedMetric source = otlp.awaitMetric("source_image_size_bytes",
          m -> m.count() == 2 && m.sum() == sourceBytes, WAIT);
      assertThat(source.unit()).isEqualTo("By");
      assertThat(source.explicitBounds()).startsWith(1024.0, 4096.0).endsWith(67108864.0);
      otlp.awaitMetric("output_image_size_bytes", m -> Map.of("format", "png").equals(m.attributes())
          && m.count() == 2 && m.sum() == alice.body().length + small.body().length, WAIT);
      otlp.awaitMetric("output_image_size_bytes", m -> Map.of("format", "webp").equals(m.attributes())
          && m.count() == 1 && m.sum() == bob.body().length, WAIT);
      double pngMegapixels = (pixels(alice.body()) + pixels(small.body())) / 1e6;
      ReceivedMetric megapixels = otlp.awaitMetric("output_image_megapixels", m -> Map.of("format", "png")
          .equals(m.attributes()) && m.count() == 2 && Math.abs(m.sum() - pngMegapixels) < 1e-9, WAIT);
      assertThat(pngMegapixels).isEqualTo((64 * 64 + 32 * 32) / 1e6);
      assertThat(megapixels.unit()).isEqualTo("{megapixel}");
      ReceivedMetric duration = otlp.awaitMetric("request_duration_seconds", m -> m.count() == requests, WAIT);
      assertThat(duration.unit()).isEqualTo("s");
      assertThat(duration.explicitBounds()).containsExactly(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
      long serverCount = otlp.metrics("http.server.request.duration").stream()
          .filter(m -> m.exportSequence() == duration.exportSequence()).mapToLong(ReceivedMetric::count).sum();
      assertThat(serverCount).isEqualTo(requests);
      ReceivedMetric highWater = otlp.awaitMetric("vips_max_memory_bytes", m -> m.longValue() > 0, WAIT);
      assertThat(highWater.unit()).isEqualTo("By");
      assertThat(otlp.metricNames()).contains("vips_memory_bytes", "vips_allocs", "errors_total");

      // Spans leave in batches every second, metrics every 500 ms: wait for the spans too.
      List<ReceivedSpan> spans = otlp.awaitSpans(
          all -> all.stream().filter(s -> s.kind() == ReceivedSpan.Kind.SERVER).count() == requests, WAIT);
      assertThat(spans).allSatisfy(s -> assertThat(s.transport()).isEqualTo(Transport.HTTP));
    }
  }

  /** Width × height of a PNG, from its IHDR chunk. */
  private static long pixels(byte[] png) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
    assertThat(b.getInt(12)).as("IHDR").isEqualTo(0x49484452);
    return (long) b.getInt(16) * b.getInt(20);
  }

  private static void awaitLong(OtlpReceiver otlp, String name, Map<String, ?> attrs, long expected) {
    otlp.awaitMetric(name, m -> matches(m, attrs) && m.longValue() == expected, WAIT);
  }

  private static void awaitCount(OtlpReceiver otlp, String name, Map<String, ?> attrs, long expected) {
    otlp.awaitMetric(name, m -> matches(m, attrs) && m.count() == expected, WAIT);
  }

  private static boolean matches(ReceivedMetric m, Map<String, ?> attrs) {
    return attrs.entrySet().stream().allMatch(e -> Objects.equals(m.attributes().get(e.getKey()), e.getValue()));
  }
}
