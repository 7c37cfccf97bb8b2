package io.pixtrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Tasks that get a thread of their own, so the request's context goes with them and no queue
 * span is made: {@code java.lang.VirtualThread}'s constructor (Java 21+: every
 * {@code Thread.ofVirtual()}, {@code Thread.startVirtualThread} and virtual-thread executor
 * task; matched by name, the agent's bytecode targets 17), {@code ThreadPerTaskExecutor
 * .newThread(Runnable)} (Java 21+: {@code Executors.newThreadPerTaskExecutor}, and the
 * virtual-thread executor), and {@code CompletableFuture}'s own thread-per-task executor
 * (its default async pool on Java 17 when the common pool has parallelism 1).
 */
final class OwnThreadInstrumentation implements TypeInstrumentation {
  private static final String THREAD_PER_TASK = "java.util.concurrent.ThreadPerTaskExecutor";
  private static final String COMPLETABLE_FUTURE_THREAD_PER_TASK =
      "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("java.lang.VirtualThread", THREAD_PER_TASK, COMPLETABLE_FUTURE_THREAD_PER_TASK);
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.lang.VirtualThread")
        .or(named(THREAD_PER_TASK))
        .or(named(COMPLETABLE_FUTURE_THREAD_PER_TASK));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isConstructor().and(takesArguments(4)).and(takesArgument(3, Runnable.class)),
        VirtualThreadAdvice.class);
    target.applyAdvice(
        takesArguments(1).and(takesArgument(0, Runnable.class)).and(
            isDeclaredBy(named(THREAD_PER_TASK)).and(named("newThread"))
                .or(isDeclaredBy(named(COMPLETABLE_FUTURE_THREAD_PER_TASK)).and(named("execute")))),
        OwnThreadAdvice.class);
  }
}
