package io.pixtrace.bootstrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The one registry of the objects through which the stages read a library's values: its
 * {@link HttpServerAdapter}, {@link HttpClientAdapter} or {@link ImageCallReader}, or a
 * {@link Runnable} the processing stage runs when image work starts
 * ({@link ProcessingStage#WORK_STARTING}). Each is registered once at start-up by its
 * instrumentation module under the module's name, through the agent's
 * {@link Pixtrace.Control}; the module's advice (inlined into the host's classes, so it
 * cannot name the module's own classes) asks for it by that name, a compile-time constant of
 * the module.
 */
public final class Adapters {
  private static final ConcurrentHashMap<String, Object> BY_NAME = new ConcurrentHashMap<>();

  private Adapters() {}

  static void put(String name, Object adapter) {
    BY_NAME.put(name, adapter);
  }

  /**
   * The adapter registered under {@code name} if it is a {@code type}, or {@code null} (the
   * agent is off, the module did not start, or the name is another module's).
   */
  public static <T> T get(Class<T> type, String name) {
    Object adapter = BY_NAME.get(name);
    return type.isInstance(adapter) ? type.cast(adapter) : null;
  }

  /**
   * Runs the {@link Runnable} registered under {@code name}, if there is one; whatever it throws
   * is logged once under {@code errorKey} with {@code failure}, never passed to the caller.
   */
  static void runHook(String name, String errorKey, String failure) {
    try {
      Runnable hook = get(Runnable.class, name);
      if (hook != null) {
        hook.run();
      }
    } catch (Throwable e) {
      AgentLog.error(errorKey, failure, e);
    }
  }

  static void clear() {
    BY_NAME.clear();
  }
}
