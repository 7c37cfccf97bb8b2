package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A host task on its way through an executor's queue, carrying the request's context and
 * the open {@code queue} span. Runs the host's task unchanged; everything it throws reaches
 * the executor as before.
 */
public class QueuedTask implements Runnable {
  final Runnable delegate;
  final Context context;
  final RequestState state;
  final Span span;
  final long handOffNano;
  volatile boolean rejected;
  private final AtomicBoolean spanClaimed = new AtomicBoolean();

  QueuedTask(Runnable delegate, Context context, RequestState state, Span span, long handOffNano) {
    this.delegate = delegate;
    this.context = context;
    this.state = state;
    this.span = span;
    this.handOffNano = handOffNano;
  }

  /** True once for whoever ends the queue span (the worker, or the rejection). */
  final boolean claim() {
    return spanClaimed.compareAndSet(false, true);
  }

  /** The host's own task. */
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
    return delegate.toString();
  }

  /** The wrapper for tasks that are also futures ({@code submit}, {@code invokeAll}). */
  static final class Future<V> extends QueuedTask implements RunnableFuture<V> {
    private final RunnableFuture<V> future;

    @SuppressWarnings("unchecked")
    Future(RunnableFuture<?> delegate, Context context, RequestState state, Span span, long handOffNano) {
      super(delegate, context, state, span, handOffNano);
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
}
