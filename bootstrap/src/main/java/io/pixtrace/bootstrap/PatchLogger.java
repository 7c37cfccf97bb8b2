package io.pixtrace.bootstrap;

import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Stands in for {@code java.util.logging.Logger} inside the agent's bundled libraries (the
 * OpenTelemetry SDK, its exporters, OkHttp): the agent's build relocates every reference to
 * {@code java.util.logging.Logger} to this class. Their messages reach {@link AgentLog}
 * (warnings and errors rate-limited per logger, debug only with {@code PIXTRACE_DEBUG}), so
 * the agent never touches the host's logging configuration or floods its output.
 */
public final class PatchLogger {
  /** The name JUL uses for the global logger. */
  public static final String GLOBAL_LOGGER_NAME = "global";

  /**
   * What the SDK's metric reader says, without the cause, after each failed export: the
   * exporter's own line (rate-limited, with the cause) has said it already, so this one is
   * debug output.
   */
  private static final String CAUSELESS = "Exporter failed";

  private final String name;
  /**
   * The SDK's {@code console} exporter writes its telemetry as
   * INFO records: those records are its output, so they are printed as they come.
   */
  private final boolean exporterOutput;

  private PatchLogger(String name) {
    this.name = name;
    this.exporterOutput = name.contains("opentelemetry.exporter.logging");
  }

  /** Returns a logger for the name (a new light object; no registry). */
  public static PatchLogger getLogger(String name) {
    return new PatchLogger(name == null ? "" : name);
  }

  /** Same as {@link #getLogger(String)}; the bundle is ignored. */
  public static PatchLogger getLogger(String name, String resourceBundleName) {
    return getLogger(name);
  }

  /** The global logger. */
  public static PatchLogger getGlobal() {
    return getLogger(GLOBAL_LOGGER_NAME);
  }

  /** The logger's name. */
  public String getName() {
    return name;
  }

  /** Warnings and errors are always loggable; the rest only in debug mode. */
  public boolean isLoggable(Level level) {
    return level.intValue() >= Level.WARNING.intValue() || AgentLog.debugEnabled()
        || (exporterOutput && level.intValue() >= Level.INFO.intValue());
  }

  /** No handlers: output goes to {@link AgentLog} (the SDK's exporters flush these). */
  public java.util.logging.Handler[] getHandlers() {
    return new java.util.logging.Handler[0];
  }

  /** Level changes are ignored: {@link AgentLog} decides. */
  public void setLevel(Level level) {}

  /** The effective level: {@code WARNING}, or {@code FINEST} in debug mode. */
  public Level getLevel() {
    return AgentLog.debugEnabled() ? Level.FINEST : Level.WARNING;
  }

  /** Logs a message. */
  public void log(Level level, String msg) {
    log(level, msg, (Throwable) null);
  }

  /** Logs a message with a {@code {0}} parameter. */
  public void log(Level level, String msg, Object param) {
    log(level, format(msg, new Object[] {param}), (Throwable) null);
  }

  /** Logs a message with {@code {n}} parameters. */
  public void log(Level level, String msg, Object[] params) {
    log(level, format(msg, params), (Throwable) null);
  }

  /** Logs a lazily built message. */
  public void log(Level level, Supplier<String> msg) {
    if (isLoggable(level)) {
      log(level, msg.get(), (Throwable) null);
    }
  }

  /** Logs a lazily built message with a throwable. */
  public void log(Level level, Throwable thrown, Supplier<String> msg) {
    if (isLoggable(level)) {
      log(level, msg.get(), thrown);
    }
  }

  /** Logs a message with a throwable. */
  public void log(Level level, String msg, Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    if (exporterOutput && level == Level.INFO) {
      AgentLog.output(msg);
      return;
    }
    String text = name + ": " + msg;
    if (level.intValue() >= Level.WARNING.intValue() && !(thrown == null && CAUSELESS.equals(msg))) {
      AgentLog.error("sdk:" + name, text, thrown);
    } else {
      AgentLog.debug(thrown == null ? text : text + ": " + thrown);
    }
  }

  /** Logs with source class and method (ignored). */
  public void logp(Level level, String sourceClass, String sourceMethod, String msg) {
    log(level, msg);
  }

  /** Logs with source class and method (ignored) and a throwable. */
  public void logp(Level level, String sourceClass, String sourceMethod, String msg, Throwable thrown) {
    log(level, msg, thrown);
  }

  /** SEVERE. */
  public void severe(String msg) {
    log(Level.SEVERE, msg);
  }

  /** WARNING. */
  public void warning(String msg) {
    log(Level.WARNING, msg);
  }

  /** INFO (debug mode only). */
  public void info(String msg) {
    log(Level.INFO, msg);
  }

  /** CONFIG (debug mode only). */
  public void config(String msg) {
    log(Level.CONFIG, msg);
  }

  /** FINE (debug mode only). */
  public void fine(String msg) {
    log(Level.FINE, msg);
  }

  /** FINER (debug mode only). */
  public void finer(String msg) {
    log(Level.FINER, msg);
  }

  /** FINEST (debug mode only). */
  public void finest(String msg) {
    log(Level.FINEST, msg);
  }

  /** SEVERE, lazily. */
  public void severe(Supplier<String> msg) {
    log(Level.SEVERE, msg);
  }

  /** WARNING, lazily. */
  public void warning(Supplier<String> msg) {
    log(Level.WARNING, msg);
  }

  /** INFO, lazily. */
  public void info(Supplier<String> msg) {
    log(Level.INFO, msg);
  }

  /** FINE, lazily. */
  public void fine(Supplier<String> msg) {
    log(Level.FINE, msg);
  }

  /** FINER, lazily. */
  public void finer(Supplier<String> msg) {
    log(Level.FINER, msg);
  }

  /** FINEST, lazily. */
  public void finest(Supplier<String> msg) {
    log(Level.FINEST, msg);
  }

  private static String format(String msg, Object[] params) {
    if (msg == null || params == null) {
      return msg;
    }
    String out = msg;
    for (int i = 0; i < params.length; i++) {
      out = out.replace("{" + i + "}", String.valueOf(params[i]));
    }
    return out;
  }
}
