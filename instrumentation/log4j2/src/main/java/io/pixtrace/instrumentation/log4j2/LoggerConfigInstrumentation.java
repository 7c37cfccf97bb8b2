package io.pixtrace.instrumentation.log4j2;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code org.apache.logging.log4j.core.config.LoggerConfig.processLogEvent(LogEvent,
 * LoggerConfigPredicate)}: reached only for an event whose level the logger enables and that
 * the logger config's filter accepted, whatever appenders are attached. The additivity chain
 * calls it again for each parent config with the same event, inside the first call: only the
 * outermost counts. An {@code AsyncLoggerConfig} runs it twice, once on the logging thread
 * ({@code SYNCHRONOUS_ONLY}, captured there, with the request's context) and once on its
 * background thread ({@code ASYNCHRONOUS_ONLY}, skipped).
 */
final class LoggerConfigInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("org.apache.logging.log4j.core.config.LoggerConfig");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("processLogEvent").and(takesArguments(2))
            .and(takesArgument(0, named("org.apache.logging.log4j.core.LogEvent"))),
        ProcessLogEventAdvice.class);
  }
}
