package io.pixtrace.bootstrap;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Context for {@code CompletableFuture} dependent stages: the callback of {@code thenApply},
 * {@code whenComplete}, {@code thenComposeAsync(fn, pool)} and the like runs in the context
 * of the code that created the stage, whichever thread completes the previous stage (an
 * {@code HttpClient} selector thread, a pool worker with no context). The stage's executor
 * sees that context too when the stage is handed to it, so the queue stage's rules decide,
 * as for any hand-off, whether the hop is a {@code queue} wait (docs/telemetry.md, "Queue
 * spans").
 *
 * <p>Nothing is wrapped when the creating code has no context (the root context), nor
 * inside a download's own call (an HTTP client's internal stages are not the host's). The
 * wrappers call the host's callback unchanged: what it returns or throws reaches the future
 * as before.
 */
public final class StageContext {
  private StageContext() {}

  /**
   * The context to give the stage being created, or {@code null} to leave it as it is: no
   * telemetry, the root context, or inside a download. Typed {@code Object} for the advice,
   * which does not name OpenTelemetry types.
   */
  public static Object capture() {
    if (Pixtrace.telemetry() == null) {
      return null;
    }
    Context context = Context.current();
    return context == Context.root() || DownloadStage.active() ? null : context;
  }

  /**
   * The stage's callback wrapped to run in {@code context}. {@code stage} is the name of the
   * {@code CompletableFuture} method creating it ({@code uniApplyStage}, {@code biRunStage},
   * ...), which decides the callback's interface; {@code null} callbacks stay {@code null}
   * (the future throws its {@code NullPointerException} as before), unknown stage names keep
   * the callback.
   */
  public static Object callback(Object captured, String stage, Object callback) {
    if (callback == null || !(captured instanceof Context)) {
      return callback;
    }
    Context context = (Context) captured;
    switch (stage) {
      case "uniApplyStage":
      case "uniComposeStage":
      case "uniExceptionallyStage":
      case "uniComposeExceptionallyStage":
      case "orApplyStage":
        return new InContextFunction<>(context, (Function<?, ?>) callback);
      case "uniAcceptStage":
      case "orAcceptStage":
        return new InContextConsumer<>(context, (Consumer<?>) callback);
      case "uniRunStage":
      case "biRunStage":
      case "orRunStage":
        return new InContextRunnable(context, (Runnable) callback);
      case "uniWhenCompleteStage":
      case "biAcceptStage":
        return new InContextBiConsumer<>(context, (BiConsumer<?, ?>) callback);
      case "uniHandleStage":
      case "biApplyStage":
        return new InContextBiFunction<>(context, (BiFunction<?, ?, ?>) callback);
      default:
        return callback;
    }
  }

  /**
   * The stage's executor wrapped to hand the stage off in {@code context}; {@code null}
   * (a stage run by the completing thread) stays {@code null}.
   */
  public static Executor executor(Object captured, Executor executor) {
    if (executor == null || !(captured instanceof Context) || executor instanceof InContextExecutor) {
      return executor;
    }
    return new InContextExecutor((Context) captured, executor);
  }

  /** Hands tasks to the host's executor with the creating code's context current. */
  static final class InContextExecutor implements Executor {
    private final Context context;
    private final Executor delegate;

    InContextExecutor(Context context, Executor delegate) {
      this.context = context;
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      try (Scope ignored = context.makeCurrent()) {
        delegate.execute(task);
      }
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  private static final class InContextFunction<T, R> implements Function<T, R> {
    private final Context context;
    private final Function<T, R> delegate;

    @SuppressWarnings("unchecked")
    InContextFunction(Context context, Function<?, ?> delegate) {
      this.context = context;
      this.delegate = (Function<T, R>) delegate;
    }

    @Override
    public R apply(T t) {
      try (Scope ignored = context.makeCurrent()) {
        return delegate.apply(t);
      }
    }
  }

  private static final class InContextBiFunction<T, U, R> implements BiFunction<T, U, R> {
    private final Context context;
    private final BiFunction<T, U, R> delegate;

    @SuppressWarnings("unchecked")
    InContextBiFunction(Context context, BiFunction<?, ?, ?> delegate) {
      this.context = context;
      this.delegate = (BiFunction<T, U, R>) delegate;
    }

    @Override
    public R apply(T t, U u) {
      try (Scope ignored = context.makeCurrent()) {
        return delegate.apply(t, u);
      }
    }
  }

  private static final class InContextConsumer<T> implements Consumer<T> {
    private final Context context;
    private final Consumer<T> delegate;

    @SuppressWarnings("unchecked")
    InContextConsumer(Context context, Consumer<?> delegate) {
      this.context = context;
      this.delegate = (Consumer<T>) delegate;
    }

    @Override
    public void accept(T t) {
      try (Scope ignored = context.makeCurrent()) {
        delegate.accept(t);
      }
    }
  }

  private static final class InContextBiConsumer<T, U> implements BiConsumer<T, U> {
    private final Context context;
    private final BiConsumer<T, U> delegate;

    @SuppressWarnings("unchecked")
    InContextBiConsumer(Context context, BiConsumer<?, ?> delegate) {
      this.context = context;
      this.delegate = (BiConsumer<T, U>) delegate;
    }

    @Override
    public void accept(T t, U u) {
      try (Scope ignored = context.makeCurrent()) {
        delegate.accept(t, u);
      }
    }
  }

  private static final class InContextRunnable implements Runnable {
    private final Context context;
    private final Runnable delegate;

    InContextRunnable(Context context, Runnable delegate) {
      this.context = context;
      this.delegate = delegate;
    }

    @Override
    public void run() {
      try (Scope ignored = context.makeCurrent()) {
        delegate.run();
      }
    }
  }
}
