package io.pixtrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ScheduledThreadPoolExecutor.schedule(Runnable|Callable, long, TimeUnit)} (also what
 * its {@code execute} and {@code submit} call, with no delay), {@code scheduleAtFixedRate}
 * and {@code scheduleWithFixedDelay}. The scheduled delay is not queue time.
 */
final class ScheduledExecutorInstrumentation implements TypeInstrumentation {

  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("java.util.concurrent.ScheduledThreadPoolExecutor");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.util.concurrent.ScheduledThreadPoolExecutor");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("schedule").and(takesArguments(3)).and(takesArgument(0, Runnable.class))
        .and(takesArgument(1, long.class)).and(takesArgument(2, TimeUnit.class)), ScheduleRunnableAdvice.class);
    target.applyAdvice(named("schedule").and(takesArguments(3)).and(takesArgument(0, Callable.class))
        .and(takesArgument(1, long.class)).and(takesArgument(2, TimeUnit.class)), ScheduleCallableAdvice.class);
    target.applyAdvice(named("scheduleAtFixedRate").or(named("scheduleWithFixedDelay")).and(takesArguments(4))
        .and(takesArgument(0, Runnable.class)), SchedulePeriodicAdvice.class);
  }
}
