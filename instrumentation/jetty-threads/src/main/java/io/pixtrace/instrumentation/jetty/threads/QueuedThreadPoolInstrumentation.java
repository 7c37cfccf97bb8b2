package io.pixtrace.instrumentation.jetty.threads;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code org.eclipse.jetty.util.thread.QueuedThreadPool.doStart()}: the pool starts. */
final class QueuedThreadPoolInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("org.eclipse.jetty.util.thread.QueuedThreadPool");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("doStart").and(takesArguments(0)), PoolStartAdvice.class);
  }
}
