package io.pixtrace.instrumentation.jul;

import io.pixtrace.bootstrap.LogStage;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import net.bytebuddy.asm.Advice;

/**
 * Captures a record as {@code Logger.log(LogRecord)} receives it, when the logger has its
 * level enabled. The logger is taken as an {@code Object}: see {@link LoggerInstrumentation#LOGGER}.
 */
public final class LogAdvice {
  private LogAdvice() {}

  /** Emits the record (outermost dispatch on this thread only). */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object logger, @Advice.Argument(0) LogRecord record) {
    if (LogStage.enter() && record != null) {
      String name = LogStage.julName(logger, record);
      if (LogStage.accepts(name) && LogStage.julLoggable(logger, record)) {
        Level level = record.getLevel();
        Instant at = record.getInstant();
        LogStage.emit(name, LogStage.julSeverity(level.intValue()), level.getName(), LogStage.julMessage(record),
            record.getThrown(), at.getEpochSecond() * 1_000_000_000L + at.getNano(),
            Thread.currentThread().getName());
      }
    }
  }

  /** Ends the dispatch that {@link #enter} counted. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    LogStage.exit();
  }
}
