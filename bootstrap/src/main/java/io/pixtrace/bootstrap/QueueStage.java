package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The queue stage: a task handed to an executor while a request is in flight gets a
 * {@code queue} span (from hand-off to the moment a worker starts it), feeds
 * {@code request_span_duration_seconds{span="queue"}}, and runs with the request's context,
 * so what it does (downloads, processing) joins the request's trace. A task the executor
 * rejects (a full queue) ends the span with {@code error.type=queue}.
 *
 * <p>The task is wrapped once ({@link QueuedTask}); a wrapper is never wrapped again. Tasks
 * that are {@link RunnableFuture}s (everything {@code submit} and {@code invokeAll} make)
 * keep that shape, so {@code afterExecute} hooks that look for a {@code Future} still work.
 */
public final class QueueStage {
  private QueueStage() {}

  /**
   * Wraps a task handed to {@code executor}, or returns {@code null} to leave it as it is
   * (no request in flight, already wrapped, or telemetry off).
   */
  public static Runnable wrap(Runnable task, Object executor) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null || task == null || task instanceof QueuedTask) {
      return null;
    }
    try {
      RequestState state = RequestState.current();
      if (state == null || DownloadStage.active()) {
        return null;
      }
      Context context = Context.current();
      long handOff = System.nanoTime();
      // With DISABLE=queue the hand-off still carries the context, without a span of its own.
      Span span = !t.queueSpans ? Span.getInvalid() : t.tracer.spanBuilder("queue")
          .setParent(context)
          .setStartTimestamp(state.toEpochNanos(handOff), TimeUnit.NANOSECONDS)
          .setAttribute("pixtrace.queue.executor", executor == null ? "unknown" : executor.getClass().getName())
          .startSpan();
      if (task instanceof RunnableFuture) {
        return new QueuedTask.Future<>((RunnableFuture<?>) task, context, state, span, handOff);
      }
      return new QueuedTask(task, context, state, span, handOff);
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not wrap a task", e);
      return null;
    }
  }

  /**
   * The executor rejected the task (its queue is full): returns the host's own task, so the
   * rejection handler sees exactly what the host submitted.
   */
  public static Runnable rejected(Runnable task) {
    if (!(task instanceof QueuedTask)) {
      return task;
    }
    QueuedTask q = (QueuedTask) task;
    q.rejected = true;
    return q.delegate;
  }

  /**
   * After the hand-off call returned or threw: a rejected task's span ends with a queue
   * error, counted in {@code errors_total{type="queue"}}.
   */
  public static void handedOff(Runnable wrapper, Throwable thrown) {
    if (!(wrapper instanceof QueuedTask)) {
      return;
    }
    QueuedTask q = (QueuedTask) wrapper;
    if (!q.rejected && !(thrown instanceof RejectedExecutionException)) {
      return;
    }
    try {
      if (!q.claim()) {
        return;
      }
      long now = System.nanoTime();
      if (thrown != null) {
        Errors.fail(q.span, Errors.QUEUE, thrown);
      } else {
        Errors.fail(q.span, Errors.QUEUE, "task rejected by the executor", q.state.toEpochNanos(now));
      }
      q.span.end(q.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      q.state.error(Errors.QUEUE);
      Telemetry t = Pixtrace.telemetry();
      if (t != null) {
        t.metrics.error(Errors.QUEUE);
        if (t.queueSpans) {
          t.metrics.spanDuration.record(StageMetrics.seconds(now - q.handOffNano), StageMetrics.QUEUE);
        }
      }
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not end a rejected task's span", e);
    }
  }

  /** A worker starts the task: ends the queue span and makes the request's context current. */
  static Scope started(QueuedTask q) {
    try {
      if (q.claim()) {
        long now = System.nanoTime();
        q.span.end(q.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
        Telemetry t = Pixtrace.telemetry();
        if (t != null && t.queueSpans) {
          t.metrics.spanDuration.record(StageMetrics.seconds(now - q.handOffNano), StageMetrics.QUEUE);
        }
      }
      return q.context.makeCurrent();
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not start a queued task's context", e);
      return null;
    }
  }

  /** The task finished: closes what it opened on this worker thread. */
  static void finished(Scope scope) {
    try {
      ProcessingStage.endSegmentOnThisThread();
      if (scope != null) {
        scope.close();
      }
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not close a queued task's context", e);
    }
  }
}
