package io.pixtrace.shaded;

/**
 * Stands in, in tests, for the uncaught-exception handler that the bundled SDK's thread
 * factory gives its threads: in the agent jar that class lives under {@code io.pixtrace.shaded.}.
 */
public final class SdkThreadHandler implements Thread.UncaughtExceptionHandler {
  @Override
  public void uncaughtException(Thread t, Throwable e) {}
}
