package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The avatar service on JDK 25 with the agent, exporting over OTLP/gRPC to a loopback
 * receiver, trace headers propagated to the origin: one request's whole trace, and the error
 * traces of an upstream 404 and a corrupt upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvatarTraceIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private OtlpReceiver otlp;
  private TestOrigin origin;
  private AvatarHost host;

  @BeforeAll
  void start() throws Exception {
    otlp = OtlpReceiver.start();
    origin = new TestOrigin();
    host = AvatarHost.start(true, origin.url(), Map.of(
        "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
        "IMGPROXY_OPEN_TELEMETRY_SERVICE_NAME", "avatar-it",
        "IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL", "true",
        "IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", "tracecontext,baggage,b3"));
  }

  @AfterAll
  void stop() throws Exception {
    if (host != null) {
      host.close();
    }
    origin.close();
    otlp.close();
  }

  @Test
  void oneMissIsOneTraceThroughEveryStage() throws Exception {
    HttpResponse<byte[]> response = host.get("/avatar/" + TestOrigin.ALICE + "?s=64&f=webp");
    assertThat(response.statusCode()).isEqualTo(200);
    String path = "/avatar/" + TestOrigin.ALICE;
    List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, 6), WAIT), path);

    assertThat(trace).as(otlp.dumpSpans()).hasSize(6);
    ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
    ReceivedSpan queue = Spans.named(trace, "queue");
    ReceivedSpan download = Spans.ofKind(trace, Kind.CLIENT);
    ReceivedSpan processing = Spans.named(trace, "processing_image");
    ReceivedSpan vips = Spans.named(trace, "vips image_write_to_buffer");
    // The centre crop of vips_thumbnail_image evaluates its shrunk pipeline there and then.
    ReceivedSpan thumbnail = Spans.named(trace, "vips thumbnail_image");
    Spans.nested(thumbnail, processing);
    assertThat(thumbnail.attributes()).containsEntry("vips.pixels", 64L * 64).containsEntry("vips.image.width", 64L);
    assertThat(thumbnail.endEpochNanos()).isLessThanOrEqualTo(vips.startEpochNanos());

    assertThat(server.isRoot()).isTrue();
    Spans.nested(queue, server);
    Spans.nested(download, server);
    Spans.nested(processing, server);
    Spans.nested(vips, processing);
    assertThat(queue.endEpochNanos()).isLessThanOrEqualTo(download.startEpochNanos());
    assertThat(download.endEpochNanos()).isLessThanOrEqualTo(processing.startEpochNanos());

    assertThat(server.name()).isEqualTo("GET /avatar/");
    assertThat(server.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", path)
        .containsEntry("url.scheme", "http")
        .containsEntry("http.route", "/avatar/")
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("client.address", "127.0.0.1")
        .containsEntry("network.protocol.version", "1.1")
        .containsKey("user_agent.original")
        .doesNotContainKey("error.type");
    assertThat(server.resourceAttributes()).containsEntry("service.name", "avatar-it");
    assertThat(queue.attributes()).containsEntry("pixtrace.queue.executor", "java.util.concurrent.ThreadPoolExecutor");
    assertThat(download.name()).isEqualTo("GET");
    assertThat(download.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.full", origin.url() + "/" + TestOrigin.ALICE)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("http.response.status_code", 200L)
        .containsKey("http.response.body.size");
    assertThat(processing.attributes())
        .containsEntry("image.input.format", "jpeg")
        .containsEntry("image.output.format", "webp")
        .containsEntry("image.output.width", 64L)
        .containsEntry("image.output.height", 64L)
        .containsEntry("image.output.size", (long) response.body().length);
    assertThat(trace).allSatisfy(s -> assertThat(s.statusCode()).isNotEqualTo(ReceivedSpan.StatusCode.ERROR));

    // The origin got the download span's context (PROPAGATE_EXTERNAL=true).
    // Flags: sampled (01), plus W3C level 2's "random trace id" bit (02) that the SDK sets.
    assertThat(origin.received()).anySatisfy(h ->
        assertThat(h.get("traceparent")).matches("00-" + server.traceId() + "-" + download.spanId() + "-0[13]"));
  }

  @Test
  void incomingTraceContextIsJoined() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(host.get("/avatar/" + TestOrigin.BOB + "?s=32",
        "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(200);
    ReceivedSpan server = otlp.awaitSpan(s -> s.kind() == Kind.SERVER && s.traceId().equals(traceId), WAIT);
    assertThat(server.parentSpanId()).isEqualTo("00f067aa0ba902b7");

    String b3Trace = "80f198ee56343ba864fe8b2a57d3eff7";
    assertThat(host.get("/avatar/" + TestOrigin.CAROL + "?s=32",
        "b3", b3Trace + "-e457b5a2e4d86bd1-1").statusCode()).isEqualTo(200);
    ReceivedSpan b3Server = otlp.awaitSpan(s -> s.kind() == Kind.SERVER && s.traceId().equals(b3Trace), WAIT);
    assertThat(b3Server.parentSpanId()).isEqualTo("e457b5a2e4d86bd1");
  }

  @Test
  void upstream404IsADownloadError() throws Exception {
    assertThat(host.get("/avatar/" + TestOrigin.NOBODY).statusCode()).isEqualTo(404);
    String path = "/avatar/" + TestOrigin.NOBODY;
    List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, 3), WAIT), path);
    ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
    ReceivedSpan download = Spans.ofKind(trace, Kind.CLIENT);
    assertThat(server.attributes()).containsEntry("http.response.status_code", 404L).doesNotContainKey("error.type");
    assertThat(server.statusCode()).as("a 4xx answer is not a server error").isEqualTo(ReceivedSpan.StatusCode.UNSET);
    assertThat(download.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(download.attributes()).containsEntry("error.type", "download").containsEntry("http.response.status_code", 404L);
    assertThat(download.event("exception")).isPresent();
    assertThat(download.event("exception").orElseThrow().attributes())
        .containsEntry("exception.type", "download")
        .hasEntrySatisfying("exception.message", m -> assertThat((String) m).contains("404"));
  }

  @Test
  void corruptUploadIsAProcessingError() throws Exception {
    String hash = TestOrigin.md5("corrupt-upload@example.com");
    HttpResponse<byte[]> response = host.post("/avatar/" + hash, "this is not an image".getBytes());
    assertThat(response.statusCode()).isEqualTo(422);
    String path = "/avatar/" + hash;
    List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, 3), WAIT), path);
    ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
    ReceivedSpan processing = Spans.named(trace, "processing_image");
    assertThat(server.name()).isEqualTo("POST /avatar/");
    assertThat(server.attributes()).containsEntry("http.response.status_code", 422L);
    Spans.nested(processing, server);
    assertThat(processing.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(processing.attributes()).containsEntry("error.type", "processing");
    assertThat(processing.event("exception").orElseThrow().attributes())
        .hasEntrySatisfying("exception.message", m -> assertThat((String) m).contains("not in a known format"));
  }
}
