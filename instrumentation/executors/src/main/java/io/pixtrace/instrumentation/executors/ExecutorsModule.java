package io.pixtrace.instrumentation.executors;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Queue spans and context propagation for {@code java.util.concurrent}:
 * {@code ThreadPoolExecutor} (also {@code submit}, {@code invokeAll},
 * {@code Executors.new*ThreadPool} and {@code CompletableFuture.*Async(..., executor)}: they
 * all hand off through {@code execute}), {@code ForkJoinPool} (with the common pool and the
 * {@code CompletableFuture} default async pool), scheduled executors, virtual threads and
 * thread-per-task executors, a blocking {@code Semaphore} acquisition, and
 * {@code CompletableFuture} dependent stages, which run in the context of the code that
 * created them. The rules for when
 * a wait becomes a {@code queue} span are in {@code QueueStage}.
 */
public final class ExecutorsModule implements InstrumentationModule {
  @Override
  public String name() {
    return "executors";
  }

  @Override
  public Layer layer() {
    return Layer.QUEUE;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new ThreadPoolExecutorInstrumentation(),
        new ForkJoinPoolInstrumentation(),
        new ForkJoinTaskInstrumentation(),
        new ScheduledExecutorInstrumentation(),
        new OwnThreadInstrumentation(),
        new SemaphoreInstrumentation(),
        new CompletableFutureInstrumentation());
  }
}
