package io.pixtrace.bootstrap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own log: one line per event on standard error, prefixed {@code [pixtrace]}.
 *
 * <p>Errors from instrumentation and export are rate-limited per key (at most one line per
 * key per minute, with a count of what was suppressed) so a broken collector or a bug in
 * advice can never flood the host's output. Stack traces are printed only when
 * {@code PIXTRACE_DEBUG=true} (or {@code -Dpixtrace.debug=true}).
 */
public final class AgentLog {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final boolean DEBUG = readDebug();
  private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

  private AgentLog() {}

  /** Whether debug output (stack traces, per-request details) is on. */
  static boolean debugEnabled() {
    return DEBUG;
  }

  /** Prints an informational line. */
  public static void info(String message) {
    print("INFO", message, null);
  }

  /** Prints a warning line (not rate-limited: use for one-off start-up findings). */
  public static void warn(String message) {
    print("WARN", message, null);
  }

  /** Prints an exporter's output line as it is (the SDK's {@code console} exporters). */
  static void output(String line) {
    try {
      System.err.println(line);
    } catch (Throwable ignored) {
      // Never throw into the host.
    }
  }

  /** Prints a debug line when debug output is on. */
  public static void debug(String message) {
    if (DEBUG) {
      print("DEBUG", message, null);
    }
  }

  /**
   * Prints an error line at most once a minute for the given key. The throwable's class and
   * message are appended; its stack trace only in debug mode.
   *
   * @param key what failed, e.g. {@code "advice:server"}; lines are limited per key
   */
  public static void error(String key, String message, Throwable error) {
    Window w = WINDOWS.computeIfAbsent(key, k -> new Window());
    long now = System.nanoTime();
    long suppressed;
    synchronized (w) {
      if (w.started && now - w.lastPrinted < INTERVAL_NANOS) {
        w.suppressed.incrementAndGet();
        return;
      }
      w.started = true;
      w.lastPrinted = now;
      suppressed = w.suppressed.getAndSet(0);
    }
    String text = message;
    if (error != null) {
      text += ": " + error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
    if (suppressed > 0) {
      text += " (" + suppressed + " similar suppressed in the last minute)";
    }
    print("ERROR", text, DEBUG ? error : null);
  }

  /**
   * {@code error}'s class and message, then each cause's that says something new ({@code ;
   * caused by ...}): the SDK's "Unexpected configuration error" has its reason in a cause.
   */
  public static String describe(Throwable error) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
      if (s.length() == 0) {
        s.append(m);
      } else if (t.getMessage() != null && s.indexOf(t.getMessage()) < 0) {
        s.append("; caused by ").append(m);
      }
    }
    return s.toString();
  }

  /** An error line whose exception is given with its causes ({@link #describe}); stack trace in debug mode. */
  public static void errorWithCauses(String key, String message, Throwable error) {
    error(key, message + ": " + describe(error), null);
    if (DEBUG) {
      error.printStackTrace();
    }
  }

  private static void print(String level, String message, Throwable error) {
    try {
      StringBuilder line = new StringBuilder(64 + message.length());
      line.append("[pixtrace] ").append(level).append(' ').append(message);
      System.err.println(line);
      if (error != null) {
        error.printStackTrace();
      }
    } catch (Throwable ignored) {
      // Logging must never throw into the host; nothing else can be done with this.
    }
  }

  private static boolean readDebug() {
    try {
      String v = System.getProperty("pixtrace.debug");
      if (v == null) {
        v = System.getenv("PIXTRACE_DEBUG");
      }
      return "true".equalsIgnoreCase(v);
    } catch (Throwable e) {
      return false;
    }
  }

  private static final class Window {
    boolean started;
    long lastPrinted;
    final AtomicLong suppressed = new AtomicLong();
  }
}
