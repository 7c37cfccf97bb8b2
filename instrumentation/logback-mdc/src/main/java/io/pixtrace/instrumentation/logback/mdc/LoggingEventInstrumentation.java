package io.pixtrace.instrumentation.logback.mdc;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ch.qos.logback.classic.spi.LoggingEvent.getMDCPropertyMap()}: every reader of an
 * event's MDC goes through it (the {@code %X} converters, JSON encoders, and
 * {@code AsyncAppender}, which asks on the logging thread before it queues the event), and the
 * event keeps what the first call returned in its {@code mdcPropertyMap} field.
 */
final class LoggingEventInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("ch.qos.logback.classic.spi.LoggingEvent");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("getMDCPropertyMap").and(takesArguments(0)).and(returns(named("java.util.Map"))),
        GetMdcPropertyMapAdvice.class);
  }
}
