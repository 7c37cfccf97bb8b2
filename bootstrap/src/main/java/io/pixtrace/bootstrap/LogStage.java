package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The logs stage ({@code IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS}): a record the host logged
 * through {@code java.util.logging}, Logback or Log4j 2 becomes one OpenTelemetry log record,
 * with the current context (so the trace and span ids of the request being served), the
 * severity mapped from the library's level (the OpenTelemetry log data model's table), the
 * formatted message as body, {@code thread.name} and the {@code exception.*} attributes. The
 * instrumentation scope is the logger's name ({@code ROOT} for the root logger).
 *
 * <p>Advice brackets the library's dispatch of one record with {@link #enter()} and
 * {@link #exit()}; only the outermost dispatch on a thread is captured, so a record passed
 * on through a bridge (JUL to SLF4J, Log4j 2's additivity chain) is exported once, and
 * nothing logged while a record is emitted (by an exporter, say) is captured. The advice
 * asks {@link #accepts} (cheap), then extracts plain values from the library's event and
 * calls {@link #emit}. Nothing is captured from the agent's own loggers (its packages under
 * {@code io.pixtrace.}) or on the threads of the bundled SDK (its processors and exporters),
 * so the agent never feeds its own output back into itself. Errors are reported through
 * {@link AgentLog}, rate-limited, and never reach the host's logging call.
 */
public final class LogStage {
  static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");
  /** Scope name for the root logger, whose name is empty in JUL and Log4j 2. */
  static final String ROOT = "ROOT";
  /** Where the agent's build relocates the bundled libraries, the SDK among them. */
  private static final String SHADED = "io.pixtrace.shaded.";
  private static final CallDepth DEPTH = new CallDepth();

  private LogStage() {}

  /**
   * A library starts dispatching a record on this thread. Returns whether it is the outermost
   * dispatch (the one to capture). Always paired with {@link #exit()}, which exit advice calls
   * whatever happened.
   */
  public static boolean enter() {
    return DEPTH.enter() == 0;
  }

  /** The dispatch that {@link #enter()} counted has ended. */
  public static void exit() {
    DEPTH.exit();
  }

  /**
   * Whether a record of {@code loggerName} is to be captured: telemetry is on, the logger is
   * not one of the agent's and this thread is not one of the bundled SDK's.
   */
  public static boolean accepts(String loggerName) {
    if (Pixtrace.telemetry() == null) {
      return false;
    }
    return !AgentPackages.owns(loggerName) && !agentThread(Thread.currentThread());
  }

  /**
   * Emits one log record with the current context.
   *
   * @param loggerName the logger's name, used as the instrumentation scope
   * @param severity from {@link #julSeverity}, {@link #logbackSeverity} or {@link #log4jSeverity}
   * @param severityText the library's level name, e.g. {@code WARNING}, {@code WARN}
   * @param body the formatted message, or {@code null}
   * @param thrown the logged throwable, or {@code null}
   * @param epochNanos when the event happened, epoch nanoseconds; {@code 0} for now
   * @param threadName the thread that logged, or {@code null}
   */
  public static void emit(String loggerName, Severity severity, String severityText, String body,
      Throwable thrown, long epochNanos, String threadName) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return;
    }
    try {
      String scope = loggerName == null || loggerName.isEmpty() ? ROOT : loggerName;
      LogRecordBuilder record = t.logs.get(scope).logRecordBuilder()
          .setContext(Context.current())
          .setSeverity(severity == null ? Severity.UNDEFINED_SEVERITY_NUMBER : severity);
      if (severityText != null) {
        record.setSeverityText(severityText);
      }
      if (epochNanos > 0) {
        record.setTimestamp(epochNanos, TimeUnit.NANOSECONDS);
      }
      if (body != null) {
        record.setBody(body);
      }
      if (threadName != null) {
        record.setAttribute(THREAD_NAME, threadName);
      }
      if (thrown != null) {
        record.setException(thrown);
      }
      record.emit();
    } catch (Throwable e) {
      AgentLog.error("stage:logs", "could not export a log record", e);
    }
  }

  /**
   * {@code java.util.logging} levels ({@link Level#intValue()}) to severities, as the
   * OpenTelemetry log data model's table has them; a custom level between two standard ones
   * counts as the more severe.
   */
  public static Severity julSeverity(int level) {
    if (level <= Level.FINEST.intValue()) {
      return Severity.TRACE;
    }
    if (level <= Level.FINER.intValue()) {
      return Severity.DEBUG;
    }
    if (level <= Level.FINE.intValue()) {
      return Severity.DEBUG2;
    }
    if (level <= Level.CONFIG.intValue()) {
      return Severity.DEBUG3;
    }
    if (level <= Level.INFO.intValue()) {
      return Severity.INFO;
    }
    if (level <= Level.WARNING.intValue()) {
      return Severity.WARN;
    }
    if (level <= Level.SEVERE.intValue()) {
      return Severity.ERROR;
    }
    return Severity.FATAL;
  }

  /**
   * Logback levels ({@code Level.toInt()}: TRACE 5000 … ERROR 40000) to severities; a custom
   * level between two standard ones counts as the more severe.
   */
  public static Severity logbackSeverity(int level) {
    if (level <= 5000) {
      return Severity.TRACE;
    }
    if (level <= 10000) {
      return Severity.DEBUG;
    }
    if (level <= 20000) {
      return Severity.INFO;
    }
    if (level <= 30000) {
      return Severity.WARN;
    }
    return Severity.ERROR;
  }

  /**
   * Log4j 2 levels ({@code Level.intLevel()}: FATAL 100 … TRACE 600, lower is worse) to
   * severities. A custom level between two standard ones counts as the more severe, as Log4j's
   * own {@code StandardLevel.getStandardLevel} has it (and as the JUL and Logback tables do).
   */
  public static Severity log4jSeverity(int intLevel) {
    if (intLevel < 200) {
      return Severity.FATAL;
    }
    if (intLevel < 300) {
      return Severity.ERROR;
    }
    if (intLevel < 400) {
      return Severity.WARN;
    }
    if (intLevel < 500) {
      return Severity.INFO;
    }
    if (intLevel < 600) {
      return Severity.DEBUG;
    }
    return Severity.TRACE;
  }

  /**
   * {@code java.util.logging}: whether {@code logger} ({@code java.util.logging.Logger}) has
   * the record's level enabled ({@code isLoggable}), the check {@code Logger.log(LogRecord)}
   * makes first. The logger's own filter is not asked: a filter may count or sample, and
   * asking it twice would change what the host logs.
   */
  public static boolean julLoggable(Object logger, LogRecord record) {
    return Jul.loggable(logger, record);
  }

  /** {@code java.util.logging}: the logger's name, for a record logged without one. */
  public static String julName(Object logger, LogRecord record) {
    String name = record.getLoggerName();
    return name != null ? name : Jul.name(logger);
  }

  /**
   * {@code java.util.logging}: the record's message as a {@code Formatter} renders it
   * (localized, {@code {0}} parameters filled in).
   */
  public static String julMessage(LogRecord record) {
    return Jul.FORMATTER.formatMessage(record);
  }

  /**
   * Threads of the bundled SDK (batch processors, metric reader, OkHttp dispatcher): they all
   * come from its {@code DaemonThreadFactory}, which gives each its own uncaught-exception
   * handler, a class the agent's build relocates under {@code io.pixtrace.shaded.}.
   */
  static boolean agentThread(Thread thread) {
    Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
    return handler != null && handler.getClass().getName().startsWith(SHADED);
  }

  /**
   * {@code java.util.logging.Logger}, reached through method handles: the agent's build
   * renames every reference to that class to {@link PatchLogger} (so the bundled libraries
   * never log into the host's JUL), which would rewrite a direct call here or in advice too.
   * The class name is therefore assembled at run time.
   */
  private static final class Jul {
    static final Formatter FORMATTER = new Formatter() {
      @Override
      public String format(LogRecord record) {
        return formatMessage(record);
      }
    };
    private static final MethodHandle IS_LOGGABLE;
    private static final MethodHandle GET_NAME;

    static {
      MethodHandle isLoggable = null;
      MethodHandle getName = null;
      try {
        Class<?> logger = Class.forName(String.join(".", "java", "util", "logging", "Logger"));
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        isLoggable = lookup.findVirtual(logger, "isLoggable", MethodType.methodType(boolean.class, Level.class))
            .asType(MethodType.methodType(boolean.class, Object.class, Level.class));
        getName = lookup.findVirtual(logger, "getName", MethodType.methodType(String.class))
            .asType(MethodType.methodType(String.class, Object.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        AgentLog.error("stage:logs:jul", "java.util.logging records cannot be read; they are not exported", e);
      }
      IS_LOGGABLE = isLoggable;
      GET_NAME = getName;
    }

    private Jul() {}

    static boolean loggable(Object logger, LogRecord record) {
      if (IS_LOGGABLE == null || logger == null || record == null || record.getLevel() == null) {
        return false;
      }
      try {
        return (boolean) IS_LOGGABLE.invokeExact(logger, record.getLevel());
      } catch (Throwable e) {
        AgentLog.error("stage:logs:jul", "could not read a java.util.logging logger", e);
        return false;
      }
    }

    static String name(Object logger) {
      try {
        return GET_NAME == null || logger == null ? null : (String) GET_NAME.invokeExact(logger);
      } catch (Throwable e) {
        return null;
      }
    }
  }
}
