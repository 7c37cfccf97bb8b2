package io.pixtrace.instrumentation.log4j2;

import io.pixtrace.bootstrap.LogStage;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.time.Instant;
import org.apache.logging.log4j.message.Message;

/**
 * Captures the event as the first logger config processes it. Only getters the appenders
 * call anyway are used (never the location, which would change {@code includeLocation}).
 */
public final class ProcessLogEventAdvice {
  private ProcessLogEventAdvice() {}

  /** Emits the event (outermost dispatch on this thread, not the asynchronous second pass). */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) LogEvent event, @Advice.Argument(1) Object predicate) {
    if (LogStage.enter() && event != null
        && (predicate == null || !"ASYNCHRONOUS_ONLY".equals(((Enum<?>) predicate).name()))) {
      String name = event.getLoggerName();
      if (LogStage.accepts(name)) {
        Level level = event.getLevel();
        Message message = event.getMessage();
        Instant at = event.getInstant();
        LogStage.emit(name, LogStage.log4jSeverity(level.intLevel()), level.name(),
            message == null ? null : message.getFormattedMessage(), event.getThrown(),
            at == null ? event.getTimeMillis() * 1_000_000L : at.getEpochSecond() * 1_000_000_000L + at.getNanoOfSecond(),
            event.getThreadName());
      }
    }
  }

  /** Ends the dispatch that {@link #enter} counted. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    LogStage.exit();
  }
}
