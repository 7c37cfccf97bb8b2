package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The processing stage: image work within one task becomes one {@code processing_image}
 * span, from the start of the first image operation to the end of the last
 * (docs/telemetry.md, "processing_image and vips {operation}"). An operation that made
 * libvips compute pixels (libvips reports each pipeline evaluation: {@link #evaluationStart},
 * {@link #evaluationEnd}) gets a child span covering its evaluations, named by the
 * library's reader. Feeds {@code images_in_progress},
 * {@code request_span_duration_seconds{span="processing_image"}},
 * {@code images_processed_total{format}} and {@code errors_total{type="processing"}}.
 * What a call means (its name, formats, failure convention) is the library module's
 * knowledge, read through its {@link ImageCallReader}; this class knows no library.
 *
 * <p>A segment belongs to one thread and one request. It ends when the task that ran it
 * finishes (the queue stage tells), when the request ends, or when the thread starts
 * processing for another request.
 */
public final class ProcessingStage {
  /**
   * The name under which a module registers a {@link Runnable} run when a thread starts image
   * work for a request (a new segment) with an operation of a library that has a reader
   * ({@link #libraryOperationStart} with a library: libvips bindings, vips-ffm). The libvips
   * module installs its evaluation hook then. Must be cheap once done, and never throw.
   */
  public static final String WORK_STARTING = "processing:work-starting";

  static final AttributeKey<String> INPUT_FORMAT = AttributeKey.stringKey("image.input.format");
  static final AttributeKey<String> OUTPUT_FORMAT = AttributeKey.stringKey("image.output.format");
  static final AttributeKey<Long> OUTPUT_WIDTH = AttributeKey.longKey("image.output.width");
  static final AttributeKey<Long> OUTPUT_HEIGHT = AttributeKey.longKey("image.output.height");
  static final AttributeKey<Long> OUTPUT_SIZE = AttributeKey.longKey("image.output.size");
  static final AttributeKey<Long> VIPS_PIXELS = AttributeKey.longKey("vips.pixels");
  static final AttributeKey<Long> VIPS_EVALUATIONS = AttributeKey.longKey("vips.evaluations");
  static final AttributeKey<Long> VIPS_IMAGE_WIDTH = AttributeKey.longKey("vips.image.width");
  static final AttributeKey<Long> VIPS_IMAGE_HEIGHT = AttributeKey.longKey("vips.image.height");
  static final AttributeKey<Long> VIPS_IMAGE_BANDS = AttributeKey.longKey("vips.image.bands");

  private static final ThreadLocal<Segment> CURRENT = new ThreadLocal<>();

  private ProcessingStage() {}

  /** One {@code processing_image} span in the making. */
  static final class Segment {
    final RequestState state;
    final Span span;
    final Context context;
    final long startNano;
    long lastEndNano;
    /** The operation under way on the segment's thread, or null; guarded by this. */
    Operation active;
    boolean failed;
    boolean ended;
    String inputFormat;

    Segment(RequestState state, Span span, Context context, long startNano) {
      this.state = state;
      this.span = span;
      this.context = context;
      this.startNano = startNano;
      this.lastEndNano = startNano;
    }
  }

  /**
   * One image operation in flight, and the pixel evaluations it ran so far. The evaluation
   * fields are written only by the operation's own thread.
   */
  static final class Operation {
    final Segment segment;
    final String library;
    final String name;
    int evaluationDepth;
    int evaluations;
    long firstEvaluationNano;
    long lastEvaluationEndNano;
    long pixels;
    long largestPixels = -1;
    int width;
    int height;
    int bands;

    Operation(Segment segment, String library, String name) {
      this.segment = segment;
      this.library = library;
      this.name = name;
    }
  }

  /**
   * An image operation of a Java imaging library starts (ImageIO, Thumbnailator, ...): it
   * joins the thread's {@code processing_image} span.
   *
   * @param operation e.g. {@code ImageIO.write}, used in error messages
   * @return a handle for {@link #imageOperationEnd}, or null when nothing was started
   */
  public static Object imageOperationStart(String operation) {
    return libraryOperationStart(null, operation);
  }

  /**
   * An operation of the library whose {@link ImageCallReader} is registered as {@code library}
   * starts: it joins (or starts) the thread's {@code processing_image} span. Null when no
   * request is in flight, or when another operation of the segment is already under way (a
   * library's internal re-entry, such as vips-ffm calling its raw bindings).
   *
   * @param operation the operation as the advice knows it (a C name, a binding's class
   *     name, a nickname); the reader interprets it
   * @return a handle for {@link #readOperationEnd} or {@link #imageOperationEnd}, or null
   */
  public static Object libraryOperationStart(String library, String operation) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return null;
    }
    try {
      return begin(t, library, operation);
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not start an image operation span", e);
      return null;
    }
  }

  private static Operation begin(Telemetry t, String library, String name) {
    RequestState state = RequestState.current();
    if (state == null) {
      return null;
    }
    long now = System.nanoTime();
    Segment seg = CURRENT.get();
    if (seg != null && (seg.ended || seg.state != state)) {
      end(seg);
      seg = null;
    }
    if (seg == null) {
      if (library != null) {
        workStarting();
      }
      Context parent = Context.current();
      Span span = t.tracer.spanBuilder("processing_image")
          .setParent(parent)
          .setStartTimestamp(state.toEpochNanos(now), TimeUnit.NANOSECONDS)
          .startSpan();
      seg = new Segment(state, span, parent.with(span), now);
      CURRENT.set(seg);
      state.addSegment(seg);
      t.metrics.imagesInProgress.incrementAndGet();
    }
    Operation op = new Operation(seg, library, name);
    synchronized (seg) {
      if (seg.active != null || seg.ended) {
        return null;
      }
      seg.active = op;
    }
    return op;
  }

  private static void workStarting() {
    Adapters.runHook(WORK_STARTING, "stage:processing:work-starting", "a module could not prepare for image work");
  }

  /**
   * Whether an image operation of a request is under way on this thread. libvips' evaluation
   * hook turns progress signals on only for images built then, so the host's other images keep
   * libvips' default (docs/telemetry.md, "processing_image and vips {operation}").
   */
  public static boolean inOperation() {
    return activeHere() != null;
  }

  /**
   * libvips starts evaluating a pipeline on this thread (its {@code preeval} signal). Counts
   * toward the operation under way on this thread, if any.
   *
   * @return whether an operation is under way here (only then is {@link #evaluationEnd} worth
   *     reading the image for)
   */
  public static boolean evaluationStart() {
    Operation op = activeHere();
    if (op == null) {
      return false;
    }
    if (op.evaluationDepth++ == 0 && op.evaluations == 0) {
      op.firstEvaluationNano = System.nanoTime();
    }
    return true;
  }

  /**
   * The evaluation begun by the matching {@link #evaluationStart} on this thread ended (its
   * {@code posteval} signal).
   *
   * @param pixels pixels computed (width × height of the evaluated image)
   * @param width the evaluated image's width in pixels, or -1
   * @param height its height in pixels, or -1
   * @param bands its number of bands, or -1
   */
  public static void evaluationEnd(long pixels, int width, int height, int bands) {
    Operation op = activeHere();
    if (op == null || op.evaluationDepth == 0) {
      return;
    }
    op.evaluations++;
    op.pixels += Math.max(0, pixels);
    if (pixels > op.largestPixels) {
      op.largestPixels = pixels;
      op.width = width;
      op.height = height;
      op.bands = bands;
    }
    if (--op.evaluationDepth == 0) {
      op.lastEvaluationEndNano = System.nanoTime();
    }
  }

  /** Whether an evaluation counted by {@link #evaluationStart} is under way on this thread. */
  public static boolean evaluating() {
    Operation op = activeHere();
    return op != null && op.evaluationDepth > 0;
  }

  private static Operation activeHere() {
    Segment seg = CURRENT.get();
    if (seg == null) {
      return null;
    }
    synchronized (seg) {
      return seg.ended ? null : seg.active;
    }
  }

  /**
   * The image operation ended: a thrown exception, or a failure the call revealed, fails the
   * processing span; what the call revealed becomes {@code image.*} attributes.
   *
   * @param handle what {@link #imageOperationStart} or {@link #libraryOperationStart} returned
   * @param thrown what the call threw, or null
   * @param call what the call revealed ({@link ImageCall#NOTHING} when nothing)
   */
  public static void imageOperationEnd(Object handle, Throwable thrown, ImageCall call) {
    end(handle, thrown, call != null ? call.failure() : null, call);
  }

  /**
   * The image operation failed without throwing (e.g. ImageIO found no writer for the
   * format): the processing span fails with {@code failure} as its message.
   */
  public static void imageOperationFailed(Object handle, String failure) {
    end(handle, null, failure, ImageCall.NOTHING);
  }

  private static void end(Object handle, Throwable thrown, String failure, ImageCall call) {
    if (!(handle instanceof Operation)) {
      return;
    }
    Operation op = (Operation) handle;
    Segment seg = op.segment;
    long now = System.nanoTime();
    try {
      Span span = op.evaluations > 0 || op.evaluationDepth > 0 ? evaluationSpan(op) : null;
      boolean failed = thrown != null || failure != null;
      if (failed) {
        String message = thrown != null ? String.valueOf(thrown.getMessage())
            : failure.startsWith(op.name) ? failure : op.name + ": " + failure;
        fail(span, seg, message, thrown, now);
      } else if (call != null) {
        record(span, seg, call);
      }
      if (span != null) {
        long endNano = failed || op.evaluationDepth > 0 ? now : op.lastEvaluationEndNano;
        span.end(seg.state.toEpochNanos(endNano), TimeUnit.NANOSECONDS);
      }
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not end an image operation span", e);
    } finally {
      synchronized (seg) {
        seg.lastEndNano = now;
        if (seg.active == op) {
          seg.active = null;
        }
      }
    }
  }

  /** The span of the evaluations {@code op} ran: from the first one's start. */
  private static Span evaluationSpan(Operation op) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return null;
    }
    String name = op.name;
    ImageCallReader reader = op.library == null ? null : Adapters.get(ImageCallReader.class, op.library);
    if (reader != null) {
      name = reader.evaluationSpanName(op.name);
    }
    Segment seg = op.segment;
    io.opentelemetry.api.trace.SpanBuilder builder = t.tracer.spanBuilder(name)
        .setParent(seg.context)
        .setStartTimestamp(seg.state.toEpochNanos(op.firstEvaluationNano), TimeUnit.NANOSECONDS)
        .setAttribute(VIPS_PIXELS, op.pixels)
        .setAttribute(VIPS_EVALUATIONS, (long) op.evaluations);
    if (op.width > 0 && op.height > 0) {
      builder.setAttribute(VIPS_IMAGE_WIDTH, (long) op.width).setAttribute(VIPS_IMAGE_HEIGHT, (long) op.height);
    }
    if (op.bands > 0) {
      builder.setAttribute(VIPS_IMAGE_BANDS, (long) op.bands);
    }
    return builder.startSpan();
  }

  /**
   * {@link #imageOperationEnd} with what the call revealed read by the library's registered
   * {@link ImageCallReader} (nothing when none is registered or it cannot tell).
   */
  public static void readOperationEnd(Object handle, Throwable thrown, String library, String method, Object self,
      Object[] args, Object result) {
    if (!(handle instanceof Operation)) {
      return;
    }
    ImageCall info = null;
    if (thrown == null) {
      try {
        ImageCallReader reader = Adapters.get(ImageCallReader.class, library);
        info = reader == null ? null : reader.read(method, self, args, result);
      } catch (Throwable e) {
        AgentLog.error("stage:processing:" + library, "could not read a " + library + " call", e);
      }
    }
    imageOperationEnd(handle, thrown, info == null ? ImageCall.NOTHING : info);
  }

  /**
   * What a call nested in this thread's image operation revealed (a library's codec step
   * inside its own entry point, e.g. Thumbnailator's image sink inside
   * {@code Thumbnailator.createThumbnail}): recorded on the processing span as the outer
   * operation's; an output format counts one image in {@code images_processed_total}. Does
   * nothing unless an operation of this thread's segment is under way for the current
   * request.
   */
  public static void nestedImageDetail(ImageCall call) {
    try {
      Segment seg = CURRENT.get();
      if (seg == null || Pixtrace.telemetry() == null || seg.state != RequestState.current()) {
        return;
      }
      synchronized (seg) {
        if (seg.active == null || seg.ended) {
          return;
        }
      }
      record(null, seg, call);
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not record a nested image call", e);
    }
  }

  /**
   * A format name as imaging libraries spell it ({@code JPEG}, {@code jpg}, {@code tif}) in
   * the form docs/telemetry.md uses for {@code image.*.format} ({@code jpeg}, {@code tiff}), or null for null or blank.
   */
  public static String formatName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    return n.equals("jpg") ? "jpeg" : n.equals("tif") ? "tiff" : n;
  }

  /** Fails {@code span} (the evaluation span, or the processing span when null) and the segment. */
  private static void fail(Span span, Segment seg, String message, Throwable thrown, long now) {
    Span target = span != null ? span : seg.span;
    if (thrown != null) {
      Errors.fail(target, Errors.PROCESSING, thrown);
    } else {
      Errors.fail(target, Errors.PROCESSING, message, seg.state.toEpochNanos(now));
    }
    if (target != seg.span) {
      seg.span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, message);
      seg.span.setAttribute(Errors.ERROR_TYPE, Errors.PROCESSING);
    }
    synchronized (seg) {
      if (!seg.failed) {
        seg.failed = true;
        seg.state.error(Errors.PROCESSING);
        Telemetry t = Pixtrace.telemetry();
        if (t != null) {
          t.metrics.error(Errors.PROCESSING);
        }
      }
    }
  }

  /**
   * What a call revealed, onto the segment's span (the first input format wins) and, for the
   * output, also onto the operation's evaluation span when it has one.
   */
  private static void record(Span span, Segment seg, ImageCall call) {
    if (call.inputFormat() != null) {
      boolean first;
      synchronized (seg) {
        first = seg.inputFormat == null;
        if (first) {
          seg.inputFormat = call.inputFormat();
        }
      }
      if (first) {
        seg.span.setAttribute(INPUT_FORMAT, call.inputFormat());
      }
    }
    if (call.hasOutput()) {
      output(span, seg, call.outputFormat(), call.width(), call.height(), call.size());
    }
  }

  private static void output(Span span, Segment seg, String format, int width, int height, long size) {
    Span[] spans = span == null ? new Span[] {seg.span} : new Span[] {span, seg.span};
    for (Span s : spans) {
      if (format != null && !format.isEmpty()) {
        s.setAttribute(OUTPUT_FORMAT, format);
      }
      if (width > 0) {
        s.setAttribute(OUTPUT_WIDTH, (long) width);
      }
      if (height > 0) {
        s.setAttribute(OUTPUT_HEIGHT, (long) height);
      }
      if (size >= 0) {
        s.setAttribute(OUTPUT_SIZE, size);
      }
    }
    Telemetry t = Pixtrace.telemetry();
    if (t != null) {
      if (format != null && !format.isEmpty()) {
        t.metrics.imageProcessed(format);
      }
      t.metrics.imageOutput(format, width, height, size, seg.span);
    }
  }

  /** Ends this thread's open segment, if any (the task that ran it finished). */
  static void endSegmentOnThisThread() {
    Segment seg = CURRENT.get();
    if (seg != null) {
      CURRENT.remove();
      end(seg);
    }
  }

  /** Ends every segment still open for the request (the request finished). */
  static void endSegments(RequestState state) {
    Segment own = CURRENT.get();
    if (own != null && own.state == state) {
      CURRENT.remove();
    }
    List<Segment> open = state.takeSegments();
    if (open != null) {
      for (Segment s : open) {
        end(s);
      }
    }
  }

  private static void end(Segment seg) {
    long endNano;
    synchronized (seg) {
      if (seg.ended) {
        return;
      }
      seg.ended = true;
      endNano = seg.lastEndNano;
    }
    try {
      seg.span.end(seg.state.toEpochNanos(endNano), TimeUnit.NANOSECONDS);
      Telemetry t = Pixtrace.telemetry();
      if (t != null) {
        t.metrics.imagesInProgress.decrementAndGet();
        t.metrics.spanDuration.record(StageMetrics.seconds(endNano - seg.startNano), StageMetrics.PROCESSING,
            StageMetrics.in(seg.span));
      }
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not end the processing span", e);
    }
  }
}
