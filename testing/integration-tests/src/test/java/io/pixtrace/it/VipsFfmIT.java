package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real vips-ffm 1.9.8 (../shared/vendor/vips-ffm) on JDK 25 with the agent, through
 * {@code io.pixtrace.it.vips.VipsFfmHost}: every attribute docs/telemetry.md lists for
 * vips-ffm, checked against the bytes the host answered; {@code vips {operation}} spans from
 * libvips' own evaluation signals (a smartcrop, a cached repeat); the {@code vips_*} gauges
 * against what the host set; responses the same bytes as without the agent.
 */
class VipsFfmIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path IMAGES = Path.of(System.getProperty("avatar.images"));
  private static OtlpReceiver otlp;
  private static HostProcess traced;
  private static HostProcess plain;

  @BeforeAll
  static void start() throws Exception {
    otlp = OtlpReceiver.start();
    Map<String, String> cache = Map.of("CACHE_MAX", "40", "CACHE_MAX_MEM", "52428800", "CACHE_MAX_FILES", "7",
        "VIPS_CONCURRENCY", "3");
    Map<String, String> env = new HashMap<>(cache);
    env.putAll(Map.of(
        "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
        "OTEL_METRIC_EXPORT_INTERVAL", "300",
        "OTEL_BSP_SCHEDULE_DELAY", "100"));
    traced = start(true, env);
    plain = start(false, cache);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    plain.close();
    traced.close();
    otlp.close();
  }

  private static HostProcess start(boolean agent, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.addAll(List.of("--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("vips.hosts.jar") + java.io.File.pathSeparator + System.getProperty("vipsffm.jar"),
        "io.pixtrace.it.vips.VipsFfmHost"));
    Map<String, String> e = new HashMap<>(env);
    e.put("IMAGES", IMAGES.toString());
    return HostProcess.start(HostProcess.currentJava(), e, args);
  }

  private static HttpResponse<byte[]> get(HostProcess host, String path) throws Exception {
    String base = host.awaitStdout("vips-ffm-host listening on (\\S+)", WAIT);
    return AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** GET on both hosts: the same status and bytes with and without the agent. */
  private static HttpResponse<byte[]> getBoth(String path) throws Exception {
    HttpResponse<byte[]> response = get(traced, path);
    HttpResponse<byte[]> without = get(plain, path);
    assertThat(response.statusCode()).as("%s status with and without the agent", path).isEqualTo(without.statusCode());
    assertThat(response.body()).as("%s with and without the agent", path).isEqualTo(without.body());
    return response;
  }

  /** The trace of {@code urlPath} (one request per path in this class), exactly {@code count} spans. */
  private static List<ReceivedSpan> trace(String urlPath, int count) throws Exception {
    otlp.awaitSpans(Spans.traceComplete(urlPath, count), WAIT);
    Thread.sleep(300); // three export intervals: a late duplicate would be here by now
    List<ReceivedSpan> trace = Spans.traceOf(otlp.spans(), urlPath);
    assertThat(trace).as("spans of %s: %s", urlPath, otlp.dumpSpans()).hasSize(count);
    return trace;
  }

  private static BufferedImage decode(byte[] image) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(image));
  }

  @Test
  void aThumbnailCarriesEveryDocumentedAttributeWithTheValuesOfTheBytesAnswered() throws Exception {
    HttpResponse<byte[]> thumb = getBoth("/thumb/alice.jpg?w=64");
    assertThat(thumb.statusCode()).isEqualTo(200);
    BufferedImage answered = decode(thumb.body());

    // Load (jpegload_source), thumbnail_image (lazy), jpegsave_buffer (evaluates).
    List<ReceivedSpan> spans = trace("/thumb/alice.jpg", 3);
    ReceivedSpan server = Spans.ofKind(spans, Kind.SERVER);
    ReceivedSpan processing = Spans.named(spans, "processing_image");
    ReceivedSpan save = Spans.named(spans, "vips jpegsave_buffer");
    Spans.nested(processing, server);
    Spans.nested(save, processing);
    assertThat(processing.attributes())
        .containsEntry("image.input.format", "jpeg")
        .containsEntry("image.output.format", "jpeg")
        .containsEntry("image.output.width", (long) answered.getWidth())
        .containsEntry("image.output.height", (long) answered.getHeight())
        .containsEntry("image.output.size", (long) thumb.body().length)
        .doesNotContainKey("error.type");
    assertThat(save.attributes())
        .containsEntry("image.output.format", "jpeg")
        .containsEntry("image.output.width", (long) answered.getWidth())
        .containsEntry("image.output.height", (long) answered.getHeight())
        .containsEntry("image.output.size", (long) thumb.body().length)
        .containsEntry("vips.pixels", (long) answered.getWidth() * answered.getHeight())
        .containsEntry("vips.image.width", (long) answered.getWidth())
        .containsEntry("vips.image.height", (long) answered.getHeight())
        .containsEntry("vips.image.bands", 3L)
        .containsEntry("vips.evaluations", 1L);

    HttpResponse<byte[]> png = getBoth("/thumb/mp.png?w=32");
    List<ReceivedSpan> pngSpans = trace("/thumb/mp.png", 3);
    assertThat(Spans.named(pngSpans, "processing_image").attributes())
        .containsEntry("image.input.format", "png")
        .containsEntry("image.output.width", 32L)
        .containsEntry("image.output.height", (long) decode(png.body()).getHeight());
  }

  @Test
  void writeToMemoryGivesThePixelsItWroteAndALazyWriteNoSpan() throws Exception {
    HttpResponse<byte[]> raw = getBoth("/raw/bob.png");
    assertThat(raw.statusCode()).isEqualTo(200);
    BufferedImage source = ImageIO.read(IMAGES.resolve("bob.png").toFile());
    int height = Math.round(16f * source.getHeight() / source.getWidth());
    int bands = source.getColorModel().getNumComponents();
    assertThat(raw.body()).hasSize(16 * height * bands);

    // VImage.write(VImage) copies a pipeline without computing it: libvips reports no
    // evaluation, so no span; writeToMemory() computes the pixels.
    List<ReceivedSpan> spans = trace("/raw/bob.png", 3);
    ReceivedSpan processing = Spans.named(spans, "processing_image");
    ReceivedSpan toMemory = Spans.named(spans, "vips image_write_to_memory");
    Spans.nested(toMemory, processing);
    assertThat(toMemory.attributes())
        .containsEntry("image.output.width", 16L)
        .containsEntry("image.output.height", (long) height)
        .containsEntry("image.output.size", (long) raw.body().length)
        .containsEntry("vips.pixels", 16L * height)
        .containsEntry("vips.image.bands", (long) bands)
        .doesNotContainKey("image.output.format");
    assertThat(processing.attributes()).containsEntry("image.input.format", "png");
  }

  @Test
  void aSmartcropsEvaluationIsAChildCoveringMostOfTheProcessing() throws Exception {
    HttpResponse<byte[]> crop = getBoth("/smartcrop?w=300");
    assertThat(crop.statusCode()).isEqualTo(200);
    List<ReceivedSpan> spans = trace("/smartcrop", 4);
    ReceivedSpan processing = Spans.named(spans, "processing_image");
    ReceivedSpan smartcrop = Spans.named(spans, "vips smartcrop");
    Spans.nested(smartcrop, processing);
    Spans.nested(Spans.named(spans, "vips jpegsave_buffer"), processing);
    assertThat(smartcrop.durationNanos()).as("%s within %s", smartcrop, processing)
        .isGreaterThan(processing.durationNanos() / 2);
    assertThat((Long) smartcrop.attribute("vips.pixels")).isPositive();
    assertThat((Long) smartcrop.attribute("vips.evaluations")).isPositive();
  }

  @Test
  void aCachedRepeatOfAnOperationIsNotCountedTwice() throws Exception {
    HttpResponse<byte[]> avg = getBoth("/avg/alice.jpg");
    String[] means = new String(avg.body(), StandardCharsets.UTF_8).split(" ");
    assertThat(means[1]).as("the repeat answers from libvips' cache").isEqualTo(means[0]);
    BufferedImage source = ImageIO.read(IMAGES.resolve("alice.jpg").toFile());

    List<ReceivedSpan> spans = trace("/avg/alice.jpg", 3);
    ReceivedSpan mean = Spans.named(spans, "vips avg");
    assertThat(mean.attributes())
        .containsEntry("vips.evaluations", 1L)
        .containsEntry("vips.pixels", (long) source.getWidth() * source.getHeight())
        .containsEntry("vips.image.width", (long) source.getWidth());
  }

  @Test
  void aVipsErrorInsideInvokeOperationFailsTheProcessingSpan() throws Exception {
    HttpResponse<byte[]> bad = getBoth("/thumb/bob.png?opts=%5Bnosuch=1%5D");
    assertThat(bad.statusCode()).isEqualTo(422);
    List<ReceivedSpan> badSpans = trace("/thumb/bob.png", 2);
    ReceivedSpan failed = Spans.named(badSpans, "processing_image");
    assertThat(failed.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(failed.attributes()).containsEntry("error.type", "processing");
    assertThat(failed.event("exception").orElseThrow().attributes())
        .containsEntry("exception.message", new String(bad.body(), StandardCharsets.UTF_8));
    otlp.awaitMetric("errors_total", m -> "processing".equals(m.attributes().get("type")) && m.longValue() == 1,
        WAIT);
  }

  @Test
  void libvipsCountersAreGaugesWithTheValuesTheHostSet() throws Exception {
    // vips_open_files: a libvips file target holds one descriptor open until it is closed.
    long before = latestAfterNow("vips_open_files");
    assertThat(get(traced, "/open").statusCode()).isEqualTo(200);
    otlp.awaitMetric("vips_open_files", m -> m.longValue() == before + 1, WAIT);
    assertThat(get(traced, "/close").statusCode()).isEqualTo(200);
    otlp.awaitMetric("vips_open_files", m -> m.longValue() == before, WAIT);

    otlp.awaitMetric("vips_concurrency", m -> m.longValue() == 3, WAIT); // VIPS_CONCURRENCY=3
    otlp.awaitMetric("vips_cache_max_operations", m -> m.longValue() == 40, WAIT);
    assertThat(otlp.awaitMetric("vips_cache_max_memory_bytes", m -> m.longValue() == 52_428_800L, WAIT).unit())
        .isEqualTo("By");
    otlp.awaitMetric("vips_cache_max_files", m -> m.longValue() == 7, WAIT);
    // Operations this host ran sit in the cache, never more than its maximum.
    otlp.awaitMetric("vips_cache_operations", m -> m.longValue() > 0 && m.longValue() <= 40, WAIT);
    assertThat(otlp.awaitMetric("vips_max_memory_bytes", m -> m.longValue() > 0, WAIT).unit()).isEqualTo("By");
    assertThat(otlp.metricNames()).contains("vips_memory_bytes", "vips_allocs");
  }

  /** The value of a gauge from a collection made after this call. */
  private static long latestAfterNow(String name) throws Exception {
    long sequence = otlp.metrics().stream().mapToLong(m -> m.exportSequence()).max().orElse(0);
    return otlp.awaitMetric(name, m -> m.exportSequence() > sequence, WAIT).longValue();
  }
}
