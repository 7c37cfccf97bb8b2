package io.pixtrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code ForkJoinTask.doExec()}: where a worker (or a joining thread) runs a fork/join task. */
final class ForkJoinTaskInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("java.util.concurrent.ForkJoinTask");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.util.concurrent.ForkJoinTask");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("doExec").and(takesArguments(0)),
        ForkJoinExecAdvice.class);
  }
}
