package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * The host's own methods as stages, configured by {@code IMGPROXY_OPEN_TELEMETRY_*_METHODS}
 * (imgproxy's stage model for any host): a download method becomes an INTERNAL
 * {@code downloading_image} span, a queue method a {@code queue} span (the time the method
 * blocks), a processing method joins the {@code processing_image} span like library calls do.
 * Each feeds {@code request_span_duration_seconds{span}}; a thrown exception fails the span
 * with the stage's error category. Only while a request is in flight; a configured method
 * called from inside another of the same stage counts once.
 */
public final class MethodStage {
  /** {@code code.function.name}: the configured method, {@code class.method}. */
  static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("code.function.name");

  private static final CallDepth DOWNLOAD = new CallDepth();
  private static final CallDepth QUEUE = new CallDepth();

  private MethodStage() {}

  /** One configured method call in flight. */
  static final class Call {
    final RequestState state;
    final Span span;
    final long startNano;
    final boolean download;
    final io.opentelemetry.context.Scope scope;

    Call(RequestState state, Span span, long startNano, boolean download) {
      this.state = state;
      this.span = span;
      this.startNano = startNano;
      this.download = download;
      // Current while the method runs, so what it calls (an HTTP client) nests under it.
      this.scope = Context.current().with(span).makeCurrent();
    }
  }

  /** Whether this thread is inside a configured download method. */
  static boolean downloadActive() {
    return DOWNLOAD.active();
  }

  /** A configured download method starts; the handle goes to {@link #end}. */
  public static Object downloadStart(String type, String method) {
    return start(DOWNLOAD, "downloading_image", type, method, true);
  }

  /** A configured queue method starts; the handle goes to {@link #end}. */
  public static Object queueStart(String type, String method) {
    return start(QUEUE, "queue", type, method, false);
  }

  /** A configured processing method starts (joins {@code processing_image}). */
  public static Object processingStart(String type, String method) {
    return ProcessingStage.imageOperationStart(type + "." + method);
  }

  /** A configured processing method ended. */
  public static void processingEnd(Object handle, Throwable thrown) {
    ProcessingStage.imageOperationEnd(handle, thrown, ImageCall.NOTHING);
  }

  private static Object start(CallDepth depth, String spanName, String type, String method, boolean download) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return null;
    }
    try {
      RequestState state = RequestState.current();
      if (state == null) {
        return null;
      }
      if (depth.enter() > 0) {
        return depth;
      }
      long now = System.nanoTime();
      Span span = t.tracer.spanBuilder(spanName)
          .setParent(Context.current())
          .setStartTimestamp(state.toEpochNanos(now), TimeUnit.NANOSECONDS)
          .setAllAttributes(Attributes.of(FUNCTION, type + "." + method))
          .startSpan();
      return new Call(state, span, now, download);
    } catch (Throwable e) {
      AgentLog.error("stage:methods", "could not start a configured method's span", e);
      return null;
    }
  }

  /** A configured download or queue method returned or threw. */
  public static void end(Object handle, Throwable thrown) {
    if (handle == null) {
      return;
    }
    if (handle instanceof CallDepth) {
      ((CallDepth) handle).exit();
      return;
    }
    Call call = (Call) handle;
    (call.download ? DOWNLOAD : QUEUE).exit();
    try {
      call.scope.close();
      long now = System.nanoTime();
      String category = call.download ? Errors.DOWNLOAD : Errors.QUEUE;
      if (thrown != null) {
        category = Errors.category(thrown, category);
        Errors.fail(call.span, category, thrown);
        call.state.error(category);
      }
      call.span.end(call.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      Telemetry t = Pixtrace.telemetry();
      if (t != null) {
        if (thrown != null) {
          t.metrics.error(category);
        }
        if (call.download || t.queueSpans) {
          t.metrics.spanDuration.record(StageMetrics.seconds(now - call.startNano),
              call.download ? StageMetrics.DOWNLOADING : StageMetrics.QUEUE, StageMetrics.in(call.span));
        }
      }
    } catch (Throwable e) {
      AgentLog.error("stage:methods", "could not end a configured method's span", e);
    }
  }
}
