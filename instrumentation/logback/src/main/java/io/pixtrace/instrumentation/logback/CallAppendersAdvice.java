package io.pixtrace.instrumentation.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.pixtrace.bootstrap.LogStage;
import java.time.Instant;
import net.bytebuddy.asm.Advice;

/**
 * Captures the event as {@code callAppenders} receives it. Only getters the appenders call
 * anyway are used (the formatted message and the thread name are cached by the event), never
 * caller data or MDC, so what the host's appenders print is unchanged.
 */
public final class CallAppendersAdvice {
  private CallAppendersAdvice() {}

  /** Emits the event (outermost dispatch on this thread only). */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ILoggingEvent event) {
    if (LogStage.enter() && event != null) {
      String name = event.getLoggerName();
      if (LogStage.accepts(name)) {
        Level level = event.getLevel();
        IThrowableProxy proxy = event.getThrowableProxy();
        Instant at = event.getInstant();
        LogStage.emit(name, LogStage.logbackSeverity(level.toInt()), level.toString(), event.getFormattedMessage(),
            proxy instanceof ThrowableProxy ? ((ThrowableProxy) proxy).getThrowable() : null,
            at == null ? event.getTimeStamp() * 1_000_000L : at.getEpochSecond() * 1_000_000_000L + at.getNano(),
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
