package io.pixtrace.instrumentation.log4j2.contextdata;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code injectContextData(List<Property>, StringMap)} of log4j-core's own injectors (the
 * nested classes of {@code org.apache.logging.log4j.core.impl.ThreadContextDataInjector}, one
 * per kind of thread context map): Log4j 2 calls it on the logging thread for every event it
 * creates (plain, reusable, and the async logger's ring-buffer events) and keeps what it
 * returns as the event's context data.
 */
final class ContextDataInjectorInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return nameStartsWith("org.apache.logging.log4j.core.impl.ThreadContextDataInjector$");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("injectContextData").and(takesArguments(2))
        .and(returns(named("org.apache.logging.log4j.util.StringMap"))), InjectContextDataAdvice.class);
  }
}
