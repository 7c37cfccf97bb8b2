package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One inbound request in flight: its server span, its clock and what the stages learned
 * about it. Lives in the OpenTelemetry {@link Context}, so it follows the request across the
 * queue hop into worker threads.
 *
 * <p>Every span Pixtrace makes for the request takes its timestamps from {@link #epochNanos()},
 * one wall-clock reading at the start plus {@link System#nanoTime()} since, so parents and
 * children nest exactly (the SDK anchors its own clock the same way, per trace).
 */
final class RequestState {
  static final ContextKey<RequestState> KEY = ContextKey.named("pixtrace-request");

  final Span span;
  final long startNanoTime;
  final long startEpochNanos;
  Context context;
  Scope scope;
  /** The route the SERVER span was named after at the start, or null. */
  String route;
  /** The imgproxy error category a stage recorded first, e.g. {@code queue}. */
  volatile String errorType;
  private List<ProcessingStage.Segment> segments;
  /**
   * The object whose completion the server library reports ({@link ServerStage#responseComplete}),
   * or null when the request ends where its entry call returns.
   */
  Object completionKey;
  /** An exception a framework handled into an error response ({@link ServerStage#handledException}). */
  volatile Throwable handledException;
  /** The adapter and request object the request started with, to finish it with. */
  HttpServerAdapter adapter;
  Object request;
  /** The timeout that ends a response the host never completes, while one is set. */
  volatile Future<?> responseTimeout;
  /** {@link #EXITED}, {@link #COMPLETED} and {@link #FINISHED}, set once each. */
  private final AtomicInteger phase = new AtomicInteger();
  /** The instrumented entry call returned. */
  static final int EXITED = 1;
  /** The server library reported the response complete. */
  static final int COMPLETED = 2;
  /** The request's telemetry was recorded (by its end, its completion or its timeout). */
  static final int FINISHED = 4;

  RequestState(Span span, long startNanoTime, long startEpochNanos) {
    this.span = span;
    this.startNanoTime = startNanoTime;
    this.startEpochNanos = startEpochNanos;
  }

  /** Current time as epoch nanoseconds, on this request's clock. */
  long epochNanos() {
    return toEpochNanos(System.nanoTime());
  }

  /** Converts a {@link System#nanoTime()} reading to epoch nanoseconds on this clock. */
  long toEpochNanos(long nanoTime) {
    return startEpochNanos + (nanoTime - startNanoTime);
  }

  private volatile long endNanoTime;

  /** The request ended at this {@link System#nanoTime()} reading. */
  void ended(long nanoTime) {
    endNanoTime = nanoTime;
  }

  /** Whether the request has ended (its server span is closed). */
  boolean isOver() {
    return endNanoTime != 0;
  }

  /** {@code nanoTime}, or the request's end when the request ended before it. */
  long clampToEnd(long nanoTime) {
    long end = endNanoTime;
    return end != 0 && end < nanoTime ? end : nanoTime;
  }

  /** Sets {@code flag}; returns the phase flags as they were before. */
  int mark(int flag) {
    while (true) {
      int before = phase.get();
      if ((before & flag) != 0 || phase.compareAndSet(before, before | flag)) {
        return before;
      }
    }
  }

  /** Records the first error category of the request; later ones do not replace it. */
  void error(String type) {
    if (errorType == null) {
      errorType = type;
    }
  }

  private List<Runnable> pendingDownloads;

  /** An asynchronous download to settle when the request ends ({@link DownloadStage#settle}). */
  synchronized void addPendingDownload(Runnable settle) {
    if (pendingDownloads == null) {
      pendingDownloads = new ArrayList<>(2);
    }
    pendingDownloads.add(settle);
  }

  synchronized List<Runnable> takePendingDownloads() {
    List<Runnable> p = pendingDownloads;
    pendingDownloads = null;
    return p;
  }

  synchronized void addSegment(ProcessingStage.Segment s) {
    if (segments == null) {
      segments = new ArrayList<>(2);
    }
    segments.add(s);
  }

  synchronized List<ProcessingStage.Segment> takeSegments() {
    List<ProcessingStage.Segment> s = segments;
    segments = null;
    return s;
  }

  /** A request's context made current again on a later dispatch ({@link ServerStage#resume}). */
  static final class Resumed {
    final RequestState state;
    Scope scope;

    Resumed(RequestState state) {
      this.state = state;
    }

    void close() {
      if (scope != null) {
        scope.close();
      }
    }
  }

  static RequestState current() {
    return Context.current().get(KEY);
  }

  static long wallClockEpochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
