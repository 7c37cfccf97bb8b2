package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A host task on its way to a worker, carrying the request's context and what the queue
 * stage needs to decide on its {@code queue} span (see {@link QueueStage} for the rules).
 * Runs the host's task unchanged; everything it throws reaches the executor as before.
 */
class QueuedTask implements Runnable {
  final Runnable delegate;
  final Context context;
  final RequestState state;
  /** {@link QueueStage#SPAN_ALWAYS}, {@link QueueStage#SPAN_IF_WAITED} or {@link QueueStage#NO_SPAN}. */
  final int mode;
  /** The executor's class name ({@code pixtrace.queue.executor}). */
  final String executor;
  /** The span started at hand-off ({@code SPAN_ALWAYS}), else {@code null}. */
  final Span span;
  final long handOffNano;
  /** When the task was due to start: the hand-off, or the hand-off plus a scheduled delay. */
  final long dueNano;
  volatile boolean rejected;
  private final AtomicBoolean spanClaimed = new AtomicBoolean();

  QueuedTask(Runnable delegate, Context context, RequestState state, int mode, String executor, Span span,
      long handOffNano, long dueNano) {
    this.delegate = delegate;
    this.context = context;
    this.state = state;
    this.mode = mode;
    this.executor = executor;
    this.span = span;
    this.handOffNano = handOffNano;
    this.dueNano = dueNano;
  }

  /** True once for whoever ends the queue span (the worker, or the rejection). */
  final boolean claim() {
    return spanClaimed.compareAndSet(false, true);
  }

  /** The host's own task ({@code null} for a fork/join task, which is not wrapped). */
  public final Runnable delegate() {
    return delegate;
  }

  @Override
  public void run() {
    Scope scope = QueueStage.started(this);
    try {
      delegate.run();
    } finally {
      QueueStage.finished(scope);
    }
  }

  @Override
  public String toString() {
    return String.valueOf(delegate);
  }

  /** The wrapper for tasks that are also futures ({@code submit}, {@code invokeAll}). */
  static final class Future<V> extends QueuedTask implements RunnableFuture<V> {
    private final RunnableFuture<V> future;

    @SuppressWarnings("unchecked")
    Future(RunnableFuture<?> delegate, Context context, RequestState state, int mode, String executor, Span span,
        long handOffNano) {
      super(delegate, context, state, mode, executor, span, handOffNano, handOffNano);
      this.future = (RunnableFuture<V>) delegate;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return future.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return future.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return future.get(timeout, unit);
    }
  }

  /** A {@link Callable} handed to a scheduled executor ({@code schedule(Callable, ...)}). */
  static final class Call<V> extends QueuedTask implements Callable<V> {
    private final Callable<V> callable;

    Call(Callable<V> callable, Context context, RequestState state, String executor, long handOffNano, long dueNano) {
      super(null, context, state, QueueStage.SPAN_IF_WAITED, executor, null, handOffNano, dueNano);
      this.callable = callable;
    }

    @Override
    public V call() throws Exception {
      Scope scope = QueueStage.started(this);
      try {
        return callable.call();
      } finally {
        QueueStage.finished(scope);
      }
    }

    @Override
    public void run() {
      throw new UnsupportedOperationException("a scheduled Callable is called, not run");
    }

    @Override
    public String toString() {
      return String.valueOf(callable);
    }
  }

  /**
   * A periodic task ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}). Each run
   * is due at its own scheduled time; runs that start after the request ended are the host's
   * background work and run with no context and no span.
   */
  static final class Periodic extends QueuedTask {
    private final long periodNanos;
    private final boolean fixedRate;
    private long nextDueNano;

    Periodic(Runnable delegate, Context context, RequestState state, String executor, long handOffNano,
        long firstDueNano, long periodNanos, boolean fixedRate) {
      super(delegate, context, state, QueueStage.SPAN_IF_WAITED, executor, null, handOffNano, firstDueNano);
      this.periodNanos = periodNanos;
      this.fixedRate = fixedRate;
      this.nextDueNano = firstDueNano;
    }

    @Override
    public void run() {
      long due;
      synchronized (this) {
        due = nextDueNano;
      }
      Scope scope = QueueStage.periodicStarted(this, due);
      try {
        delegate.run();
      } finally {
        QueueStage.finished(scope);
        synchronized (this) {
          nextDueNano = fixedRate ? due + periodNanos : System.nanoTime() + periodNanos;
        }
      }
    }
  }
}
