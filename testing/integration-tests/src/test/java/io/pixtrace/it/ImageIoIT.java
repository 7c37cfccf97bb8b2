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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ImageIO decoding and encoding on the JDK 17 host, through {@code ImageIO.read/write} or an
 * ImageReader/ImageWriter used directly, become the request's one processing_image span.
 */
class ImageIoIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void imageIoReadsAndWritesAreTheProcessingStage() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess host = Jdk17HostIT.start(Map.of("UPSTREAM", origin.url(),
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "300"))) {
      String url = host.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      HttpResponse<byte[]> ok = AvatarHost.CLIENT.send(
          HttpRequest.newBuilder(URI.create(url + "/thumb/" + TestOrigin.ALICE)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ok.statusCode()).isEqualTo(200);
      String path = "/thumb/" + TestOrigin.ALICE;
      List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, 4), WAIT), path);
      assertThat(trace).as(otlp.dumpSpans()).hasSize(4);
      ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
      ReceivedSpan download = Spans.ofKind(trace, Kind.CLIENT);
      ReceivedSpan processing = Spans.named(trace, "processing_image");
      Spans.nested(processing, server);
      assertThat(download.endEpochNanos()).isLessThanOrEqualTo(processing.startEpochNanos());
      assertThat(processing.attributes())
          .containsEntry("image.output.format", "png")
          .containsEntry("image.output.width", 32L)
          .containsEntry("image.output.height", 32L)
          .containsEntry("image.output.size", (long) ok.body().length)
          // ImageIO.read's own ImageReader.read adds the format to the span ImageIO.read owns
          .containsEntry("image.input.format", "jpeg");
      assertThat(processing.statusCode()).isNotEqualTo(ReceivedSpan.StatusCode.ERROR);

      // ImageIO has no WebP reader: read() answers null, which is a processing error.
      HttpResponse<byte[]> undecodable = AvatarHost.CLIENT.send(
          HttpRequest.newBuilder(URI.create(url + "/thumb/" + TestOrigin.CAROL)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(undecodable.statusCode()).isEqualTo(422);
      String badPath = "/thumb/" + TestOrigin.CAROL;
      ReceivedSpan failed = Spans.named(Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(badPath, 4), WAIT), badPath),
          "processing_image");
      assertThat(failed.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
      assertThat(failed.attributes()).containsEntry("error.type", "processing");
      assertThat(failed.event("exception").orElseThrow().attributes())
          .hasEntrySatisfying("exception.message", m -> assertThat((String) m).contains("no ImageIO reader"));

      // ImageReader/ImageWriter used directly (JPEG writer with a quality parameter).
      String direct = "/jpegq/" + TestOrigin.ALICE;
      HttpResponse<byte[]> jpeg = AvatarHost.CLIENT.send(
          HttpRequest.newBuilder(URI.create(url + direct)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(jpeg.statusCode()).isEqualTo(200);
      List<ReceivedSpan> directTrace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(direct, 4), WAIT), direct);
      assertThat(directTrace).as(otlp.dumpSpans()).hasSize(4);
      ReceivedSpan codecs = Spans.named(directTrace, "processing_image");
      Spans.nested(codecs, Spans.ofKind(directTrace, Kind.SERVER));
      assertThat(codecs.attributes())
          .containsEntry("image.input.format", "jpeg")
          .containsEntry("image.output.format", "jpeg")
          .containsEntry("image.output.width", 48L)
          .containsEntry("image.output.height", 40L)
          .doesNotContainKey("image.output.size");
      assertThat(codecs.statusCode()).isNotEqualTo(ReceivedSpan.StatusCode.ERROR);
      assertThat(jpeg.body()).isEqualTo(withoutAgent(origin, direct));

      otlp.awaitMetric("images_processed_total", m -> "png".equals(m.attributes().get("format")) && m.longValue() == 1, WAIT);
      otlp.awaitMetric("images_processed_total", m -> "jpeg".equals(m.attributes().get("format")) && m.longValue() == 1, WAIT);
      // one processing span per request: /thumb (ImageIO), the undecodable /thumb, /jpegq
      otlp.awaitMetric("request_span_duration_seconds",
          m -> "processing_image".equals(m.attributes().get("span")) && m.count() == 3, WAIT);
      otlp.awaitMetric("errors_total", m -> "processing".equals(m.attributes().get("type")) && m.longValue() == 1, WAIT);
    }
  }

  /** The body the JDK 17 host answers for {@code path} when it runs without the agent. */
  private static byte[] withoutAgent(TestOrigin origin, String path) throws Exception {
    try (HostProcess plain = HostProcess.start(HostProcess.java17(), Map.of("UPSTREAM", origin.url()), List.of(
        "-cp", Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString(),
        Jdk17Host.class.getName()))) {
      String url = plain.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      HttpResponse<byte[]> r = AvatarHost.CLIENT.send(
          HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    }
  }
}
