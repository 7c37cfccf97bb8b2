package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * imgproxy's metrics (names, units and buckets from imgproxy's monitoring package, as listed
 * in docs/telemetry.md, "Metrics") plus the semantic-convention HTTP duration histograms.
 * Durations are recorded in seconds. Attribute sets that repeat are built once.
 */
final class StageMetrics {
  /** imgproxy's histogram buckets, in seconds (Prometheus' default buckets). */
  public static final List<Double> IMGPROXY_BUCKETS =
      Arrays.asList(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  /** Buckets advised by the HTTP semantic conventions for request durations, in seconds. */
  public static final List<Double> HTTP_BUCKETS =
      Arrays.asList(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  /**
   * Buckets for image sizes in bytes: from 1 KiB to 64 MiB in steps of four (an 80 px avatar
   * is a few KB, a camera JPEG a few MB, a TIFF tens of MB).
   */
  public static final List<Long> IMAGE_BYTES_BUCKETS = Arrays.asList(1024L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  /**
   * Buckets for output sizes in megapixels: a 32 px icon (0.001) to a 100 MP print; 1 MP is
   * about 1280×800, 12 MP a phone camera's photo.
   */
  public static final List<Double> MEGAPIXEL_BUCKETS = Arrays.asList(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5,
      1.0, 2.0, 5.0, 12.0, 25.0, 50.0, 100.0);

  static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  static final AttributeKey<String> SPAN = AttributeKey.stringKey("span");
  static final AttributeKey<String> FORMAT = AttributeKey.stringKey("format");

  /** Stage names used as the {@code span} label of {@code request_span_duration_seconds}. */
  static final Attributes QUEUE = Attributes.of(SPAN, "queue");
  static final Attributes DOWNLOADING = Attributes.of(SPAN, "downloading_image");
  static final Attributes PROCESSING = Attributes.of(SPAN, "processing_image");

  final LongCounter requests;
  final LongCounter statusCodes;
  final LongCounter errors;
  final LongCounter imagesProcessed;
  final DoubleHistogram requestDuration;
  final DoubleHistogram spanDuration;
  final DoubleHistogram httpServerDuration;
  final DoubleHistogram httpClientDuration;
  final LongHistogram sourceImageSize;
  final LongHistogram outputImageSize;
  final DoubleHistogram outputImageMegapixels;
  final AtomicLong requestsInProgress = new AtomicLong();
  final AtomicLong imagesInProgress = new AtomicLong();

  private final Attributes[] statusAttributes = new Attributes[600];
  private final ConcurrentHashMap<String, Attributes> byErrorType = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Attributes> byFormat = new ConcurrentHashMap<>();

  /**
   * @param workers imgproxy's {@code workers}: images processed at once, the denominator of
   *     {@code workers_utilization}
   */
  StageMetrics(Meter meter, int workers) {
    requests = meter.counterBuilder("requests_total")
        .setDescription("A counter of the total number of HTTP requests imgproxy processed.")
        .setUnit("1").build();
    statusCodes = meter.counterBuilder("status_codes_total")
        .setDescription("A counter of the response status codes.")
        .setUnit("1").build();
    errors = meter.counterBuilder("errors_total")
        .setDescription("A counter of the occurred errors separated by type.")
        .setUnit("1").build();
    imagesProcessed = meter.counterBuilder("images_processed_total")
        .setDescription("A counter of the images produced, by output format.")
        .setUnit("1").build();
    requestDuration = meter.histogramBuilder("request_duration_seconds")
        .setDescription("A histogram of the response latency.")
        .setUnit("s").setExplicitBucketBoundariesAdvice(IMGPROXY_BUCKETS).build();
    spanDuration = meter.histogramBuilder("request_span_duration_seconds")
        .setDescription("A histogram of the queue latency, image downloading and processing time.")
        .setUnit("s").setExplicitBucketBoundariesAdvice(IMGPROXY_BUCKETS).build();
    httpServerDuration = meter.histogramBuilder("http.server.request.duration")
        .setDescription("Duration of HTTP server requests.")
        .setUnit("s").setExplicitBucketBoundariesAdvice(HTTP_BUCKETS).build();
    httpClientDuration = meter.histogramBuilder("http.client.request.duration")
        .setDescription("Duration of HTTP client requests.")
        .setUnit("s").setExplicitBucketBoundariesAdvice(HTTP_BUCKETS).build();
    sourceImageSize = meter.histogramBuilder("source_image_size_bytes").ofLongs()
        .setDescription("A histogram of the sizes of downloaded source images (response bodies of known length).")
        .setUnit("By").setExplicitBucketBoundariesAdvice(IMAGE_BYTES_BUCKETS).build();
    outputImageSize = meter.histogramBuilder("output_image_size_bytes").ofLongs()
        .setDescription("A histogram of the sizes of the images produced, by output format.")
        .setUnit("By").setExplicitBucketBoundariesAdvice(IMAGE_BYTES_BUCKETS).build();
    outputImageMegapixels = meter.histogramBuilder("output_image_megapixels")
        .setDescription("A histogram of the pixel counts of the images produced, in megapixels, by output format.")
        .setUnit("{megapixel}").setExplicitBucketBoundariesAdvice(MEGAPIXEL_BUCKETS).build();
    meter.gaugeBuilder("requests_in_progress").ofLongs()
        .setDescription("A gauge of the number of requests currently being in progress.")
        .setUnit("1").buildWithCallback(m -> m.record(requestsInProgress.get()));
    // imgproxy's saturation pair: its configured workers, and requests in progress per worker
    // in percent (imgproxy's stats.WorkersUtilization: requests in progress / workers × 100).
    meter.gaugeBuilder("workers").ofLongs()
        .setDescription("A gauge of the number of running workers.")
        .setUnit("1").buildWithCallback(m -> m.record(workers));
    meter.gaugeBuilder("workers_utilization")
        .setDescription("A gauge of the workers utilization in percents.")
        .setUnit("%").buildWithCallback(m -> m.record(requestsInProgress.get() * 100.0 / workers));
    meter.gaugeBuilder("images_in_progress").ofLongs()
        .setDescription("A gauge of the number of images currently being in progress.")
        .setUnit("1").buildWithCallback(m -> m.record(imagesInProgress.get()));
  }

  Attributes status(int code) {
    if (code < 0 || code >= statusAttributes.length) {
      return Attributes.of(STATUS, Integer.toString(code));
    }
    Attributes a = statusAttributes[code];
    if (a == null) {
      a = Attributes.of(STATUS, Integer.toString(code));
      statusAttributes[code] = a;
    }
    return a;
  }

  void error(String type) {
    errors.add(1, byErrorType.computeIfAbsent(type, t -> Attributes.of(TYPE, t)));
  }

  void imageProcessed(String format) {
    imagesProcessed.add(1, format(format));
  }

  /**
   * Records an image produced: its size in bytes when known ({@code size} &ge; 0) and its
   * megapixels when both dimensions are known, by output format ({@code null}: no attribute).
   */
  void imageOutput(String format, int width, int height, long size, Span span) {
    Attributes a = format == null || format.isEmpty() ? Attributes.empty() : format(format);
    Context context = in(span);
    if (size >= 0) {
      outputImageSize.record(size, a, context);
    }
    if (width > 0 && height > 0) {
      outputImageMegapixels.record((double) width * height / 1e6, a, context);
    }
  }

  private Attributes format(String format) {
    return byFormat.computeIfAbsent(format, f -> Attributes.of(FORMAT, f));
  }

  /**
   * The context a duration is recorded in: the span that measured it, so that the SDK's
   * exemplar reservoir (trace-based filter: sampled spans only) keeps its trace and span ids
   * on the histogram bucket (docs/telemetry.md, "Exemplars"). Recordings end on whatever
   * thread completes the work, where that span is not current.
   */
  static Context in(Span span) {
    return Context.root().with(span);
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
