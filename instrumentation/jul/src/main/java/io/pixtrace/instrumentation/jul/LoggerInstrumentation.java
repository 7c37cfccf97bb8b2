package io.pixtrace.instrumentation.jul;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import java.util.logging.LogRecord;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.util.logging.Logger.log(LogRecord)}: every logging method of the logger ends
 * there ("all the other logging methods in this class call through this method"), once per
 * record, before the record is handed to the logger's and its parents' handlers, whatever
 * handlers are configured.
 */
final class LoggerInstrumentation implements TypeInstrumentation {
  /**
   * The logger's class name. The agent's own classes have every reference to it relocated to
   * {@code PatchLogger}; the instrumentation modules are shaded apart and keep it (agent/pom.xml).
   */
  static final String LOGGER = "java.util.logging.Logger";

  @Override
  public List<String> jdkTypePrefixes() {
    return List.of(LOGGER);
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(LOGGER);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("log").and(takesArguments(1)).and(takesArgument(0, LogRecord.class)),
        LogAdvice.class);
  }
}
