package io.pixtrace.instrumentation.tomcat.threads;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(Worker)}, once per worker
 * thread, registers the pool; {@code reject(Runnable)} counts a rejected task.
 */
final class TomcatThreadPoolInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("org.apache.tomcat.util.threads.ThreadPoolExecutor");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("runWorker").and(takesArguments(1)), WorkerStartAdvice.class);
    target.applyAdvice(named("reject").and(takesArguments(1)), RejectAdvice.class);
  }
}
