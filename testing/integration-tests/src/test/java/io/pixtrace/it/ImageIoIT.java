package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ImageIO decoding and encoding on the JDK 17 host become the request's processing_image span. */
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
          .containsEntry("image.output.size", (long) ok.body().length);
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
      otlp.awaitMetric("images_processed_total", m -> "png".equals(m.attributes().get("format")) && m.longValue() == 1, WAIT);
      otlp.awaitMetric("errors_total", m -> "processing".equals(m.attributes().get("type")) && m.longValue() == 1, WAIT);
    }
  }
}
