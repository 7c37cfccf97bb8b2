package io.pixtrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.util.concurrent.Semaphore}: the calls that can block, {@code acquire},
 * {@code acquireUninterruptibly} and the timed {@code tryAcquire}, with and without a permit
 * count. The untimed {@code tryAcquire} never waits and is left alone.
 */
final class SemaphoreInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("java.util.concurrent.Semaphore");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.util.concurrent.Semaphore");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("acquire").and(takesArguments(0))
            .or(named("acquireUninterruptibly").and(takesArguments(0)))
            .or(named("tryAcquire").and(takesArguments(2)).and(takesArgument(0, long.class))
                .and(takesArgument(1, TimeUnit.class))),
        SemaphoreAcquireAdvice.class);
    target.applyAdvice(
        named("acquire").and(takesArguments(1)).and(takesArgument(0, int.class))
            .or(named("acquireUninterruptibly").and(takesArguments(1)).and(takesArgument(0, int.class)))
            .or(named("tryAcquire").and(takesArguments(3)).and(takesArgument(0, int.class))
                .and(takesArgument(1, long.class)).and(takesArgument(2, TimeUnit.class))),
        SemaphoreAcquirePermitsAdvice.class);
  }
}
