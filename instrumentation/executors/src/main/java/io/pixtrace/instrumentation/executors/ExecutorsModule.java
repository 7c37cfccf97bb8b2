package io.pixtrace.instrumentation.executors;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Queue spans and context propagation for {@code java.util.concurrent.ThreadPoolExecutor},
 * which also serves {@code submit}, {@code invokeAll}, {@code Executors.new*ThreadPool} and
 * {@code CompletableFuture.*Async(..., executor)} (they all hand off through
 * {@code execute}).
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
    return List.of(new ThreadPoolExecutorInstrumentation());
  }
}
