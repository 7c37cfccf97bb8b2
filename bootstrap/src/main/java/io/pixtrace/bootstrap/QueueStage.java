package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The queue stage: a task handed to an executor while a request is in flight runs with the
 * request's context, so what it does (downloads, processing) joins the request's trace, and
 * the time it waited for a worker may become a {@code queue} span (from hand-off, or from
 * its scheduled time, to the moment a worker starts it) feeding
 * {@code request_span_duration_seconds{span="queue"}}. A task the executor rejects (a full
 * queue, a shut-down pool) ends with a failed span, {@code error.type=queue}.
 *
 * <p>When a task "really waited" (docs/telemetry.md, "Queue spans"):
 * <ul>
 *   <li>{@code ThreadPoolExecutor} ({@link #SPAN_ALWAYS}): the host's bounded worker pool is
 *       imgproxy's queue stage itself; every hand-off is recorded, however short.
 *   <li>{@code ForkJoinPool} (with the {@code CompletableFuture} default async pool) and
 *       scheduled executors ({@link #SPAN_IF_WAITED}): only when the task started at least
 *       {@link #MIN_WAIT_NANOS} after it was due (hand-off, or hand-off plus the scheduled
 *       delay: a delay the host asked for is not queue time).
 *   <li>Virtual threads and thread-per-task executors ({@link #NO_SPAN}): a task gets a thread
 *       of its own, there is no worker to wait for; context only.
 *   <li>{@code Semaphore.acquire}/{@code tryAcquire}: only when the permits were not available
 *       as the call began ({@link #acquireStart}); an immediately granted permit costs nothing.
 * </ul>
 *
 * <p>The task is wrapped once ({@link QueuedTask}); a wrapper is never wrapped again. Tasks
 * that are {@link RunnableFuture}s keep that shape, so {@code afterExecute} hooks that look
 * for a {@code Future} still work. Fork/join tasks are not wrapped (the host holds and joins
 * the very object); they are remembered by identity until a worker runs them.
 */
public final class QueueStage {
  /** A queue span for every hand-off. */
  static final int SPAN_ALWAYS = 0;
  /** A queue span only when the task started {@link #MIN_WAIT_NANOS} or more after it was due. */
  static final int SPAN_IF_WAITED = 1;
  /** Never a queue span: the task has a thread of its own. */
  static final int NO_SPAN = 2;

  /**
   * The shortest wait that counts as waiting for a worker, in nanoseconds: 1 ms, or
   * {@code -Dpixtrace.queue.min.wait.micros}. Waking an idle worker takes microseconds; a
   * millisecond means the workers were busy.
   */
  static final long MIN_WAIT_NANOS = Math.max(0, Long.getLong("pixtrace.queue.min.wait.micros", 1000)) * 1000;

  private static final PendingTasks FORK_JOIN = new PendingTasks();

  private QueueStage() {}

  /**
   * Wraps a task handed to a {@code ThreadPoolExecutor}, or returns {@code null} to leave it
   * as it is (no request in flight, already wrapped, or telemetry off). Always a queue span.
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
      String executorName = name(executor);
      // With DISABLE=queue the hand-off still carries the context, without a span of its own.
      Span span = !t.queueSpans ? Span.getInvalid() : startSpan(t, context, state, executorName, handOff);
      if (task instanceof RunnableFuture) {
        return new QueuedTask.Future<>((RunnableFuture<?>) task, context, state, SPAN_ALWAYS, executorName, span,
            handOff);
      }
      return new QueuedTask(task, context, state, SPAN_ALWAYS, executorName, span, handOff, handOff);
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not wrap a task", e);
      return null;
    }
  }

  /**
   * The request a task handed off now belongs to, or {@code null} when it is left as it is:
   * telemetry off, no task, already wrapped, no request in flight, or inside a download.
   */
  private static RequestState handOffState(Object task) {
    if (Pixtrace.telemetry() == null || task == null || task instanceof QueuedTask) {
      return null;
    }
    RequestState state = RequestState.current();
    return state == null || DownloadStage.active() ? null : state;
  }

  /**
   * Wraps a task that gets a thread of its own (a virtual thread, a thread-per-task
   * executor): the request's context only, never a queue span. {@code null} = leave as is.
   */
  public static Runnable wrapOwnThread(Runnable task, Object executor) {
    try {
      RequestState state = handOffState(task);
      if (state == null) {
        return null;
      }
      long now = System.nanoTime();
      return new QueuedTask(task, Context.current(), state, NO_SPAN, name(executor), null, now, now);
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not wrap a task", e);
      return null;
    }
  }

  /**
   * Wraps a task the server library runs for a request on a thread of its own choosing (a
   * servlet's {@code AsyncContext.start}): the context of {@code request} (what
   * {@code ServerStage.start} returned), or the current one when it belongs to that request;
   * no queue span (the container's pool is not the host's queue). {@code null} = leave as is:
   * no such request in flight, or already wrapped.
   */
  public static Runnable wrapForRequest(Runnable task, Object request, Object executor) {
    if (Pixtrace.telemetry() == null || task == null || task instanceof QueuedTask
        || !(request instanceof RequestState)) {
      return null;
    }
    try {
      RequestState state = (RequestState) request;
      if (state.isOver()) {
        return null;
      }
      Context context = RequestState.current() == state ? Context.current() : state.context;
      long now = System.nanoTime();
      return new QueuedTask(task, context, state, NO_SPAN, name(executor), null, now, now);
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not wrap a task", e);
      return null;
    }
  }

  /**
   * Wraps a task scheduled to run once after {@code delay} ({@code ScheduledThreadPoolExecutor
   * .schedule}, and its {@code execute}/{@code submit} with no delay). Queue time is only the
   * time beyond the scheduled start. {@code null} = leave as is.
   */
  public static Runnable wrapScheduled(Runnable task, Object executor, long delay, TimeUnit unit) {
    try {
      RequestState state = handOffState(task);
      if (state == null) {
        return null;
      }
      long now = System.nanoTime();
      return new QueuedTask(task, Context.current(), state, SPAN_IF_WAITED, name(executor), null, now,
          now + delayNanos(delay, unit));
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not wrap a task", e);
      return null;
    }
  }

  /** {@link #wrapScheduled} for a {@link Callable}. */
  public static <V> Callable<V> wrapScheduled(Callable<V> task, Object executor, long delay, TimeUnit unit) {
    try {
      RequestState state = handOffState(task);
      if (state == null) {
        return null;
      }
      long now = System.nanoTime();
      return new QueuedTask.Call<>(task, Context.current(), state, name(executor), now, now + delayNanos(delay, unit));
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not wrap a task", e);
      return null;
    }
  }

  /**
   * Wraps a periodic task ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}): each
   * run while the request is in flight carries its context (and a queue span when it started
   * late); runs after the request ended carry nothing. {@code null} = leave as is.
   */
  public static Runnable wrapPeriodic(Runnable task, Object executor, long initialDelay, long period,
      TimeUnit unit, boolean fixedRate) {
    try {
      RequestState state = handOffState(task);
      if (state == null) {
        return null;
      }
      long now = System.nanoTime();
      return new QueuedTask.Periodic(task, Context.current(), state, name(executor), now,
          now + delayNanos(initialDelay, unit), delayNanos(period, unit), fixedRate);
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not wrap a task", e);
      return null;
    }
  }

  /**
   * A fork/join task is pushed into {@code pool}: remembered with the request's context until
   * a worker runs it ({@link #forkJoinStarted}). Pools of the JDK's own (the virtual-thread
   * scheduler, whose tasks are thread continuations) are left alone.
   */
  public static Object forkJoinSubmitted(Object task, Object pool) {
    if (Pixtrace.telemetry() == null || task == null) {
      return null;
    }
    try {
      RequestState state = RequestState.current();
      if (state == null || DownloadStage.active() || jdkInternal(pool)) {
        return null;
      }
      long now = System.nanoTime();
      QueuedTask q = new QueuedTask(null, Context.current(), state, SPAN_IF_WAITED, name(pool), null, now, now);
      FORK_JOIN.put(task, q);
      return q;
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not note a fork/join task", e);
      return null;
    }
  }

  /** After the push returned or threw: a rejected fork/join task ends with a failed span. */
  public static void forkJoinHandedOff(Object task, Object noted, Throwable thrown) {
    if (noted == null || !(thrown instanceof RejectedExecutionException)) {
      return;
    }
    QueuedTask q = FORK_JOIN.remove(task);
    if (q != null) {
      handedOff(q, thrown);
    }
  }

  /**
   * A fork/join task starts on some thread: the request's context when the task was handed
   * off during a request, else {@code null}. One volatile read when no such task is pending.
   */
  public static Object forkJoinStarted(Object task) {
    if (FORK_JOIN.isEmpty()) {
      return null;
    }
    try {
      QueuedTask q = FORK_JOIN.remove(task);
      return q == null ? null : started(q);
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not start a fork/join task's context", e);
      return null;
    }
  }

  /** The fork/join task finished: closes the context {@link #forkJoinStarted} opened. */
  public static void forkJoinFinished(Object scope) {
    if (scope instanceof Scope) {
      finished((Scope) scope);
    }
  }

  /** Fork/join tasks handed off during requests and not started yet (for tests). */
  static int forkJoinPending() {
    return FORK_JOIN.size();
  }

  /**
   * The executor rejected the task (its queue is full): returns the host's own task, so the
   * rejection handler sees exactly what the host submitted.
   */
  public static Runnable rejected(Runnable task) {
    if (!(task instanceof QueuedTask) || ((QueuedTask) task).delegate == null) {
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
  public static void handedOff(Object wrapper, Throwable thrown) {
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
      Telemetry t = Pixtrace.telemetry();
      Span span = q.span;
      if (span == null) {
        span = t == null || !t.queueSpans ? Span.getInvalid() : startSpan(t, q.context, q.state, q.executor, q.handOffNano);
      }
      if (thrown != null) {
        Errors.fail(span, Errors.QUEUE, thrown);
      } else {
        Errors.fail(span, Errors.QUEUE, "task rejected by the executor", q.state.toEpochNanos(now));
      }
      span.end(q.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      q.state.error(Errors.QUEUE);
      if (t != null) {
        t.metrics.error(Errors.QUEUE);
        if (t.queueSpans) {
          t.metrics.spanDuration.record(StageMetrics.seconds(now - q.handOffNano), StageMetrics.QUEUE,
              StageMetrics.in(span));
        }
      }
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not end a rejected task's span", e);
    }
  }

  /** A worker starts the task: ends (or decides on) the queue span, makes the context current. */
  static Scope started(QueuedTask q) {
    try {
      if (q.claim()) {
        waited(q, q.dueNano, System.nanoTime());
      }
      return q.context.makeCurrent();
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not start a queued task's context", e);
      return null;
    }
  }

  /** One run of a periodic task, due at {@code dueNano}: nothing once the request is over. */
  static Scope periodicStarted(QueuedTask q, long dueNano) {
    try {
      if (q.state.isOver()) {
        return null;
      }
      waited(q, dueNano, System.nanoTime());
      return q.context.makeCurrent();
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not start a periodic task's context", e);
      return null;
    }
  }

  /** The task finished: closes what it opened on this worker thread. */
  static void finished(Scope scope) {
    if (scope == null) {
      return;
    }
    try {
      ProcessingStage.endSegmentOnThisThread();
      scope.close();
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not close a queued task's context", e);
    }
  }

  /** Ends the hand-off span, or records a span for a wait that counts (see the class doc). */
  private static void waited(QueuedTask q, long dueNano, long now) {
    Telemetry t = Pixtrace.telemetry();
    if (q.span != null) {
      q.span.end(q.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      if (t != null && t.queueSpans) {
        t.metrics.spanDuration.record(StageMetrics.seconds(now - q.handOffNano), StageMetrics.QUEUE,
            StageMetrics.in(q.span));
      }
    } else if (q.mode == SPAN_IF_WAITED && t != null && t.queueSpans && now - dueNano >= MIN_WAIT_NANOS) {
      Span waited = startSpan(t, q.context, q.state, q.executor, dueNano);
      waited.end(q.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      t.metrics.spanDuration.record(StageMetrics.seconds(now - dueNano), StageMetrics.QUEUE, StageMetrics.in(waited));
    }
  }

  // ---- Semaphore ----

  /** One blocking {@code Semaphore} acquisition under way. */
  static final class Acquire {
    final RequestState state;
    final Context context;
    final String semaphore;
    final long startNano;

    Acquire(RequestState state, Context context, String semaphore, long startNano) {
      this.state = state;
      this.context = context;
      this.semaphore = semaphore;
      this.startNano = startNano;
    }
  }

  /**
   * {@code Semaphore.acquire}/{@code tryAcquire} with a wait is called: returns a handle for
   * {@link #acquireEnd} when a request is in flight and the call will block (fewer than
   * {@code permits} available, or a fair semaphore with threads already waiting), else
   * {@code null}: an immediately granted permit records nothing.
   */
  public static Object acquireStart(Semaphore semaphore, int permits) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null || !t.queueSpans || semaphore == null) {
      return null;
    }
    try {
      if (semaphore.availablePermits() >= permits && !(semaphore.isFair() && semaphore.hasQueuedThreads())) {
        return null;
      }
      RequestState state = RequestState.current();
      if (state == null || DownloadStage.active()) {
        return null;
      }
      String type = semaphore.getClass().getName();
      // The agent's own semaphores (the LOSSY=false export queue waits on the request thread
      // while a span ends): a queue span there would be exported through the same wait.
      if (AgentPackages.owns(type)) {
        return null;
      }
      return new Acquire(state, Context.current(), type, System.nanoTime());
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not start a semaphore wait", e);
      return null;
    }
  }

  /**
   * The acquisition returned ({@code result} is {@code Boolean.FALSE} when a timed
   * {@code tryAcquire} gave up) or threw (interrupted): records the {@code queue} span and
   * duration. A timeout or an interruption marks the span failed ({@code error.type=queue});
   * the host decides what that means for the request, so the request is not marked.
   */
  public static void acquireEnd(Object handle, Object result, Throwable thrown) {
    if (!(handle instanceof Acquire)) {
      return;
    }
    try {
      Acquire a = (Acquire) handle;
      Telemetry t = Pixtrace.telemetry();
      if (t == null) {
        return;
      }
      long now = System.nanoTime();
      Span span = startSpan(t, a.context, a.state, a.semaphore, a.startNano);
      if (thrown != null) {
        Errors.fail(span, Errors.QUEUE, thrown);
      } else if (Boolean.FALSE.equals(result)) {
        Errors.fail(span, Errors.QUEUE, "no permit within the timeout", a.state.toEpochNanos(now));
      }
      span.end(a.state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      t.metrics.spanDuration.record(StageMetrics.seconds(now - a.startNano), StageMetrics.QUEUE, StageMetrics.in(span));
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not end a semaphore wait", e);
    }
  }

  // ---- helpers ----

  private static Span startSpan(Telemetry t, Context parent, RequestState state, String executor, long startNano) {
    return t.tracer.spanBuilder("queue")
        .setParent(parent)
        .setStartTimestamp(state.toEpochNanos(startNano), TimeUnit.NANOSECONDS)
        .setAttribute("pixtrace.queue.executor", executor)
        .startSpan();
  }

  private static String name(Object executor) {
    return executor == null ? "unknown" : executor.getClass().getName();
  }

  private static long delayNanos(long delay, TimeUnit unit) {
    return delay <= 0 || unit == null ? 0 : unit.toNanos(delay);
  }

  /** The JDK's own fork/join pools: the virtual-thread scheduler (its factory makes carrier threads). */
  private static boolean jdkInternal(Object pool) {
    return pool instanceof ForkJoinPool
        && ((ForkJoinPool) pool).getFactory().getClass().getName().startsWith("java.lang.");
  }
}
