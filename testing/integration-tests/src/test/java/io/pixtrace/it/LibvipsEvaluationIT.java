package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pixel work attributed by libvips itself, on jextract-layout bindings
 * ({@code io.pixtrace.it.vips.JextractHost}) on JDK 25: {@code vips_image_copy_memory} and
 * {@code vips_smartcrop} compute pixels inside the call, where no name says so, and each
 * shows as a {@code vips {operation}} child covering most of {@code processing_image}, with
 * the pixels libvips reports. Responses are the same bytes as without the agent.
 */
class LibvipsEvaluationIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int WIDTH = 2400;
  private static final int HEIGHT = 1800;
  private static OtlpReceiver otlp;
  private static HostProcess traced;
  private static HostProcess plain;
  private static byte[] photo;

  @BeforeAll
  static void start() throws Exception {
    otlp = OtlpReceiver.start();
    traced = start(true, Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
        "OTEL_BSP_SCHEDULE_DELAY", "100"));
    plain = start(false, Map.of());
    photo = pattern();
    // One request of each kind first: the first image work of a JVM also links the FFM upcall
    // stubs and runs the agent's evaluation code cold (tens of milliseconds on a loaded
    // two-core machine), time no later request has. The tests look at the second ones.
    post(traced, "/copy");
    post(traced, "/smartcrop?w=300");
    otlp.awaitSpans(Spans.traceComplete("/smartcrop", 4), WAIT);
    Thread.sleep(300);
    otlp.clear();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    plain.close();
    traced.close();
    otlp.close();
  }

  private static HostProcess start(boolean agent, Map<String, String> env) throws Exception {
    List<String> args = new java.util.ArrayList<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("vips.hosts.jar"),
        "io.pixtrace.it.vips.JextractHost"));
    return HostProcess.start(HostProcess.currentJava(), env, args);
  }

  /** A 2400×1800 JPEG of smooth patterns, made here with ImageIO. */
  private static byte[] pattern() throws Exception {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int r = (int) (127 + 127 * Math.sin(x / 40.0));
        int g = (int) (127 + 127 * Math.cos(y / 25.0));
        int b = (x * 255 / WIDTH + y * 255 / HEIGHT) / 2;
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  private static HttpResponse<byte[]> post(HostProcess host, String path) throws Exception {
    String base = host.awaitStdout("jextract-host listening on (\\S+)", WAIT);
    return AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> postBoth(String path) throws Exception {
    HttpResponse<byte[]> response = post(traced, path);
    assertThat(response.statusCode()).as("%s: %s", path, new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    assertThat(response.body()).as("%s with and without the agent", path).isEqualTo(post(plain, path).body());
    return response;
  }

  private static List<ReceivedSpan> trace(String path, int count) throws Exception {
    otlp.awaitSpans(Spans.traceComplete(path, count), WAIT);
    Thread.sleep(300);
    List<ReceivedSpan> trace = Spans.traceOf(otlp.spans(), path);
    assertThat(trace).as(otlp.dumpSpans()).hasSize(count);
    return trace;
  }

  @Test
  void copyMemoryIsTheEvaluationThatDecodesTheImage() throws Exception {
    HttpResponse<byte[]> copy = postBoth("/copy");
    assertThat(new String(copy.body(), StandardCharsets.UTF_8)).isEqualTo(WIDTH + "x" + HEIGHT);

    List<ReceivedSpan> spans = trace("/copy", 3);
    ReceivedSpan server = Spans.ofKind(spans, Kind.SERVER);
    ReceivedSpan processing = Spans.named(spans, "processing_image");
    ReceivedSpan copyMemory = Spans.named(spans, "vips image_copy_memory");
    Spans.nested(processing, server);
    Spans.nested(copyMemory, processing);
    assertThat(copyMemory.attributes())
        .containsEntry("vips.pixels", (long) WIDTH * HEIGHT)
        .containsEntry("vips.image.width", (long) WIDTH)
        .containsEntry("vips.image.height", (long) HEIGHT)
        .containsEntry("vips.image.bands", 3L)
        .containsEntry("vips.evaluations", 1L);
    assertThat(copyMemory.durationNanos()).as("%s within %s", copyMemory, processing)
        .isGreaterThan(processing.durationNanos() / 2);
    assertThat(processing.attributes()).containsEntry("image.input.format", "jpeg");
  }

  @Test
  void smartcropIsTheEvaluationAndTheSaveItsOwn() throws Exception {
    HttpResponse<byte[]> crop = postBoth("/smartcrop?w=300");
    BufferedImage answered = ImageIO.read(new ByteArrayInputStream(crop.body()));
    assertThat(answered.getWidth()).isEqualTo(300);

    List<ReceivedSpan> spans = trace("/smartcrop", 4);
    ReceivedSpan processing = Spans.named(spans, "processing_image");
    ReceivedSpan smartcrop = Spans.named(spans, "vips smartcrop");
    ReceivedSpan save = Spans.named(spans, "vips image_write_to_buffer");
    Spans.nested(smartcrop, processing);
    Spans.nested(save, processing);
    assertThat(smartcrop.durationNanos()).as("%s within %s", smartcrop, processing)
        .isGreaterThan(processing.durationNanos() / 2);
    assertThat((Long) smartcrop.attribute("vips.pixels")).isPositive();
    assertThat(save.attributes())
        .containsEntry("image.output.format", "jpeg")
        .containsEntry("image.output.width", 300L)
        .containsEntry("image.output.height", 300L)
        .containsEntry("image.output.size", (long) crop.body().length)
        .containsEntry("vips.pixels", 300L * 300);
  }
}
