package io.pixtrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ThreadPoolExecutor.execute(Runnable)} (the hand-off) and
 * {@code ThreadPoolExecutor.reject(Runnable)} (the queue was full: the host's rejection
 * handler is given the host's own task back, and the pool counts a rejection);
 * {@code runWorker(Worker)}, once per worker thread: the pool gets saturation gauges.
 */
final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("java.util.concurrent.ThreadPoolExecutor");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.util.concurrent.ThreadPoolExecutor");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("execute").and(takesArguments(1)).and(takesArgument(0, Runnable.class)),
        ExecuteAdvice.class);
    target.applyAdvice(
        named("reject").and(takesArguments(1)).and(takesArgument(0, Runnable.class)),
        RejectAdvice.class);
    target.applyAdvice(named("runWorker").and(takesArguments(1)), WorkerStartAdvice.class);
  }
}
