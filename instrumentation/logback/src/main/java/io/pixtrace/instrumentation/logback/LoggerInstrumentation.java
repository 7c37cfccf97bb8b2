package io.pixtrace.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ch.qos.logback.classic.Logger.callAppenders(ILoggingEvent)}: Logback builds the event
 * only after the level check and the turbo filters passed, then calls this once per event;
 * it walks the logger and its additive parents itself, so each event is seen once whatever
 * appenders (console, file, async) are attached. SLF4J's fluent API ({@code log(LoggingEvent)})
 * ends here too.
 */
final class LoggerInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("ch.qos.logback.classic.Logger");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("callAppenders").and(takesArguments(1))
            .and(takesArgument(0, named("ch.qos.logback.classic.spi.ILoggingEvent"))),
        CallAppendersAdvice.class);
  }
}
