package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The processing stage: image work (libvips calls) within one task becomes one
 * {@code processing_image} span, from the start of the first image operation to the end of
 * the last, with {@code vips {operation}} child spans for the operations that compute pixels
 * (libvips is lazy: loads and transforms only build a graph, saves and writes run it;
 * docs/telemetry.md, "processing_image and vips {operation}"). Feeds {@code images_in_progress},
 * {@code request_span_duration_seconds{span="processing_image"}},
 * {@code images_processed_total{format}} and {@code errors_total{type="processing"}}.
 *
 * <p>A segment belongs to one thread and one request. It ends when the task that ran it
 * finishes (the queue stage tells), when the request ends, or when the thread starts
 * processing for another request.
 */
public final class ProcessingStage {
  static final AttributeKey<String> INPUT_FORMAT = AttributeKey.stringKey("image.input.format");
  static final AttributeKey<String> OUTPUT_FORMAT = AttributeKey.stringKey("image.output.format");
  static final AttributeKey<Long> OUTPUT_WIDTH = AttributeKey.longKey("image.output.width");
  static final AttributeKey<Long> OUTPUT_HEIGHT = AttributeKey.longKey("image.output.height");
  static final AttributeKey<Long> OUTPUT_SIZE = AttributeKey.longKey("image.output.size");

  private static final ThreadLocal<Segment> CURRENT = new ThreadLocal<>();

  /** libvips functions that are not image operations (housekeeping, getters, setters). */
  private static final String[] NOT_OPERATIONS = {
    "vips_init", "vips_shutdown", "vips_thread_shutdown", "vips_error", "vips_cache_",
    "vips_concurrency_", "vips_tracked_", "vips_leak_", "vips_version", "vips_object_",
    "vips_type_", "vips_enum_", "vips_flags_", "vips_value_", "vips_image_get", "vips_image_set",
    "vips_image_remove", "vips_image_hasalpha", "vips_image_map", "vips_foreign_get_", "vips_operation_", "vips_interpretation_", "vips_band_format_",
    "vips_area_", "vips_blob_", "vips_array_", "vips_buf_", "vips_path_", "vips_filename_",
    "vips_block_", "vips_vector_", "vips_profile_", "vips_get_", "vips_set_", "vips_g_",
    "vips_malloc", "vips_free", "vips_strdup", "vips_nickname_find", "vips_argument_",
    "vips_region_", "vips_sink", "vips_check_", "vips_format_", "vips_image_new_memory",
    "vips_image_new_temp_file", "vips_image_new()", "vips_image_isMSBfirst", "vips_image_is",
    "vips_image_pio_", "vips_image_inplace", "vips_image_minimise", "vips_image_invalidate",
    "vips_image_eval", "vips_image_posteval", "vips_image_preeval", "vips_image_set_kill",
    "vips_image_iskilled", "vips_image_decode_predict", "vips_image_history"
  };

  private ProcessingStage() {}

  /**
   * Whether a libvips C function name is an image operation that belongs in the processing
   * stage. Used by instrumentation matchers.
   */
  public static boolean isVipsOperation(String cName) {
    if (cName == null || !cName.startsWith("vips_") || cName.indexOf('$') >= 0) {
      return false;
    }
    for (String prefix : NOT_OPERATIONS) {
      if (cName.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the call is libvips' format sniffing ({@code vips_foreign_find_load*}): the first
   * step of decoding, whose NULL answer means "not an image libvips knows".
   */
  static boolean isLoaderLookup(String cName) {
    return cName.startsWith("vips_foreign_find_load");
  }

  /** Whether the operation computes pixels (saves and writes run libvips' lazy pipeline). */
  static boolean computesPixels(String cName) {
    return cName.contains("save") || cName.startsWith("vips_image_write");
  }

  /** One {@code processing_image} span in the making. */
  static final class Segment {
    final RequestState state;
    final Span span;
    final Context context;
    final long startNano;
    long lastEndNano;
    boolean inOperation;
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

  /** One libvips call in flight. */
  static final class Operation {
    final Segment segment;
    final String name;
    final Span span;

    Operation(Segment segment, String name, Span span) {
      this.segment = segment;
      this.name = name;
      this.span = span;
    }
  }

  /**
   * A libvips call starts. {@code type} and {@code method} identify it the way jextract lays
   * bindings out: a static method named as the C function, or {@code apply} on a nested
   * invoker class named as the C function (variadic functions).
   *
   * @return a handle for {@link #operationEnd}, or {@code null} when nothing was started
   */
  public static Object operationStart(String type, String method, Object[] args) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return null;
    }
    try {
      // The request check first: it is one context lookup; the name checks scan a list.
      if (RequestState.current() == null) {
        return null;
      }
      String name = cName(type, method);
      if (!isVipsOperation(name)) {
        return null;
      }
      return begin(t, name, computesPixels(name) ? "vips " + name.substring(5) : null);
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not start a libvips operation span", e);
      return null;
    }
  }

  /**
   * Joins (or starts) this thread's processing segment for one image operation, with a child
   * span named {@code childSpan} when not null. Null when no request is in flight, or when
   * another operation of the segment is already under way (a library's internal re-entry).
   */
  private static Operation begin(Telemetry t, String name, String childSpan) {
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
    synchronized (seg) {
      if (seg.inOperation || seg.ended) {
        return null;
      }
      seg.inOperation = true;
    }
    Span opSpan = childSpan == null ? null : t.tracer.spanBuilder(childSpan)
        .setParent(seg.context)
        .setStartTimestamp(state.toEpochNanos(now), TimeUnit.NANOSECONDS)
        .startSpan();
    return new Operation(seg, name, opSpan);
  }

  /**
   * An image operation of a Java imaging library starts (ImageIO, Thumbnailator, ...): it
   * joins the thread's {@code processing_image} span, like libvips calls do.
   *
   * @param operation e.g. {@code ImageIO.write}, used in error messages
   * @return a handle for {@link #imageOperationEnd}, or null when nothing was started
   */
  public static Object imageOperationStart(String operation) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return null;
    }
    try {
      return begin(t, operation, null);
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not start an image operation span", e);
      return null;
    }
  }

  /**
   * The image operation ended: a thrown exception fails the processing span; what the call
   * revealed becomes {@code image.*} attributes.
   *
   * @param handle what {@link #imageOperationStart} or {@link #vipsOperationStart} returned
   * @param thrown what the call threw, or null
   * @param call what the call revealed ({@link ImageCall#NOTHING} when nothing)
   */
  public static void imageOperationEnd(Object handle, Throwable thrown, ImageCall call) {
    end(handle, thrown, null, call);
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
    try {
      long now = System.nanoTime();
      if (thrown != null || failure != null) {
        fail(op, seg, thrown != null ? String.valueOf(thrown.getMessage()) : op.name + ": " + failure, thrown, now);
      } else if (call != null) {
        record(op, seg, call);
      }
      if (op.span != null) {
        op.span.end(seg.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      }
      synchronized (seg) {
        seg.lastEndNano = now;
        seg.inOperation = false;
      }
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not end an image operation span", e);
      synchronized (seg) {
        seg.inOperation = false;
      }
    }
  }

  /**
   * A libvips operation called by its nickname (e.g. {@code jpegsave_buffer}, as bindings
   * that build operations with {@code vips_operation_new} do, such as vips-ffm), or a libvips
   * function named without its {@code vips_} prefix (e.g. {@code image_write_to_memory}).
   * Joins the processing span; operations that compute pixels get a {@code vips {nickname}}
   * child span (docs/telemetry.md).
   *
   * @return a handle for {@link #imageOperationEnd} or {@link #readOperationEnd}, or null
   */
  public static Object vipsOperationStart(String nickname) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null || nickname == null) {
      return null;
    }
    try {
      if (RequestState.current() == null) {
        return null;
      }
      String n = vipsNickname(nickname);
      String name = "vips_" + n;
      return begin(t, name, computesPixels(name) ? "vips " + n : null);
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not start a libvips operation span", e);
      return null;
    }
  }

  /**
   * An operation's nickname from the name libvips' loader and saver lookups answer
   * ({@code vips_foreign_find_load} and friends give type names): {@code VipsForeignSaveJpegBuffer}
   * → {@code jpegsave_buffer}, {@code VipsForeignLoadPngFile} → {@code pngload}; other names
   * unchanged.
   */
  public static String vipsNickname(String name) {
    for (String kind : new String[] {"Load", "Save"}) {
      String prefix = "VipsForeign" + kind;
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        String rest = name.substring(prefix.length());
        String suffix = "";
        for (String s : new String[] {"File", "Buffer", "Source", "Target"}) {
          if (rest.endsWith(s) && rest.length() > s.length()) {
            rest = rest.substring(0, rest.length() - s.length());
            suffix = s.equals("File") ? "" : "_" + s.toLowerCase(Locale.ROOT);
            break;
          }
        }
        return rest.toLowerCase(Locale.ROOT) + kind.toLowerCase(Locale.ROOT) + suffix;
      }
    }
    return name;
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
        if (!seg.inOperation || seg.ended) {
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

  private static void fail(Operation op, Segment seg, String message, Throwable thrown, long now) {
    Span target = op.span != null ? op.span : seg.span;
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

  /** Records what an operation wrote on its span and the segment's, and counts the image. */
  /**
   * What a call revealed, onto the segment's span (the first input format wins) and, for the
   * output, also onto {@code op}'s own span when it has one.
   */
  private static void record(Operation op, Segment seg, ImageCall call) {
    if (call.inputFormat() != null && seg.inputFormat == null) {
      seg.inputFormat = call.inputFormat();
      seg.span.setAttribute(INPUT_FORMAT, call.inputFormat());
    }
    if (call.hasOutput()) {
      output(op, seg, call.outputFormat(), call.width(), call.height(), call.size());
    }
  }

  private static void output(Operation op, Segment seg, String format, int width, int height, long size) {
    Span[] spans = op == null || op.span == null ? new Span[] {seg.span} : new Span[] {op.span, seg.span};
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
    if (t != null && format != null && !format.isEmpty()) {
      t.metrics.imageProcessed(format);
    }
  }


  /**
   * A libvips call returned ({@code result}: its boxed return value) or threw. A negative
   * {@code int} or a NULL pointer is libvips' failure convention.
   */
  public static void operationEnd(Object handle, Object[] args, Object result, Throwable thrown) {
    if (!(handle instanceof Operation)) {
      return;
    }
    Operation op = (Operation) handle;
    Segment seg = op.segment;
    try {
      long now = System.nanoTime();
      VipsNative nat = Adapters.get(VipsNative.class, VipsNative.NAME);
      boolean failed = thrown != null
          || (result instanceof Integer && (Integer) result < 0)
          || (result != null && !(result instanceof Number) && nat != null && nat.isNull(result));
      if (failed) {
        String message = thrown != null ? String.valueOf(thrown.getMessage()) : describeError(op.name, nat);
        fail(op, seg, message, thrown, now);
      } else if (nat != null && args != null) {
        describeSuccess(op, seg, args, result, nat);
      }
      if (op.span != null) {
        op.span.end(seg.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      }
      synchronized (seg) {
        seg.lastEndNano = now;
        seg.inOperation = false;
      }
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not end a libvips operation span", e);
      synchronized (seg) {
        seg.inOperation = false;
      }
    }
  }

  private static String describeError(String name, VipsNative nat) {
    String text = nat == null ? null : nat.errorBuffer();
    if (text == null || text.isBlank()) {
      return name + " failed";
    }
    return name + " failed: " + text.strip();
  }

  private static void describeSuccess(Operation op, Segment seg, Object[] args, Object result, VipsNative nat) {
    String name = op.name;
    if (seg.inputFormat == null && isLoaderLookup(name)) {
      String loader = nat.cString(result);
      if (loader != null) {
        seg.inputFormat = formatOfLoader(loader);
        seg.span.setAttribute(INPUT_FORMAT, seg.inputFormat);
      }
      return;
    }
    if (seg.inputFormat == null && name.contains("_buffer") && !name.contains("save")
        && !name.startsWith("vips_image_write") && args.length >= 2 && args[1] instanceof Long) {
      String loader = nat.loaderForBuffer(args[0], (Long) args[1]);
      if (loader != null) {
        seg.inputFormat = formatOfLoader(loader);
        seg.span.setAttribute(INPUT_FORMAT, seg.inputFormat);
      }
    }
    if (!computesPixels(name) || args.length == 0) {
      return;
    }
    String format = null;
    long size = -1;
    if (name.equals("vips_image_write_to_buffer") && args.length >= 4) {
      format = formatOfSuffix(nat.cString(args[1]));
      size = nat.sizeAt(args[3]);
    } else if (name.equals("vips_image_write_to_file") && args.length >= 2) {
      format = formatOfSuffix(nat.cString(args[1]));
    } else if (name.contains("save")) {
      String n = name.substring(5);
      format = n.substring(0, n.indexOf("save"));
      if (name.endsWith("save_buffer") && args.length >= 3) {
        size = nat.sizeAt(args[2]);
      }
    }
    output(op, seg, format, nat.imageWidth(args[0]), nat.imageHeight(args[0]), size);
  }

  /** {@code jpegload_buffer} → {@code jpeg}; {@code VipsForeignLoadPngBuffer} → {@code png}. */
  public static String formatOfLoader(String loader) {
    String l = loader.toLowerCase(Locale.ROOT);
    if (l.startsWith("vipsforeignload")) {
      l = l.substring("vipsforeignload".length());
      for (String suffix : new String[] {"buffer", "source", "file"}) {
        if (l.endsWith(suffix)) {
          l = l.substring(0, l.length() - suffix.length());
        }
      }
      return l;
    }
    int i = l.indexOf("load");
    return i > 0 ? l.substring(0, i) : l;
  }

  /** {@code .webp[Q=80]} → {@code webp}; {@code .jpg} → {@code jpeg}; {@code out.png} → {@code png}. */
  static String formatOfSuffix(String suffix) {
    if (suffix == null) {
      return null;
    }
    String s = suffix;
    int bracket = s.indexOf('[');
    if (bracket >= 0) {
      s = s.substring(0, bracket);
    }
    int dot = s.lastIndexOf('.');
    s = (dot >= 0 ? s.substring(dot + 1) : s).toLowerCase(Locale.ROOT);
    return s.equals("jpg") ? "jpeg" : s.equals("tif") ? "tiff" : s;
  }

  static String cName(String type, String method) {
    if (!"apply".equals(method)) {
      return method;
    }
    int i = type.lastIndexOf('$');
    return i >= 0 ? type.substring(i + 1) : type;
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
        t.metrics.spanDuration.record(StageMetrics.seconds(endNano - seg.startNano), StageMetrics.PROCESSING);
      }
    } catch (Throwable e) {
      AgentLog.error("stage:processing", "could not end the processing span", e);
    }
  }
}
