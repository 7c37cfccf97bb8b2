package io.pixtrace.bootstrap;

/**
 * The one switch every stage reads: the installed {@link Telemetry}, or {@code null} when the
 * agent is off. Written once by the agent at start-up; read on every instrumented call, so a
 * disabled agent costs one volatile read.
 */
public final class Pixtrace {
  private static volatile Telemetry telemetry;

  private Pixtrace() {}

  /** The installed telemetry, or {@code null} when off. */
  public static Telemetry telemetry() {
    return telemetry;
  }

  /** Installs (or, with {@code null}, removes) the telemetry the stages record into. */
  public static void install(Telemetry value) {
    telemetry = value;
  }
}
