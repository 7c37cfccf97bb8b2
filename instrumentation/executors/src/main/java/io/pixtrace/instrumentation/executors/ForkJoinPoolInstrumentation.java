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
 * {@code ForkJoinPool}'s internal submission points, where every {@code execute},
 * {@code submit}, {@code invoke} and {@code invokeAll} (Runnable, Callable or ForkJoinTask),
 * and the {@code CompletableFuture} default async pool, arrive as a {@code ForkJoinTask}:
 * {@code poolSubmit(boolean, ForkJoinTask)} (Java 19+), {@code externalSubmit(ForkJoinTask)}
 * (private on Java 17, public since 20).
 */
final class ForkJoinPoolInstrumentation implements TypeInstrumentation {
  private static final String TASK = "java.util.concurrent.ForkJoinTask";

  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("java.util.concurrent.ForkJoinPool");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.util.concurrent.ForkJoinPool");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("poolSubmit").and(takesArguments(2)).and(takesArgument(1, named(TASK))),
        ForkJoinPoolSubmitAdvice.class);
    target.applyAdvice(
        named("externalSubmit").and(takesArguments(1)).and(takesArgument(0, named(TASK))),
        ForkJoinExternalSubmitAdvice.class);
  }
}
