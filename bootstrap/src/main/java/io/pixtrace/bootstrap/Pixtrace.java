package io.pixtrace.bootstrap;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one switch every stage reads: the installed {@link Telemetry}, or {@code null} when the
 * agent is off; read on every instrumented call, so a disabled agent costs one volatile read.
 *
 * <p>These classes sit on the bootstrap class path, where every class of the host can call
 * them. What changes the agent's state (the telemetry, the adapters) is reached only through
 * the {@link Control} that {@link #control()} hands out once: the agent takes it in premain,
 * before the host's {@code main} runs, so no host code can switch the agent off or swap its
 * adapters.
 */
public final class Pixtrace {
  private static volatile Telemetry telemetry;
  private static final AtomicBoolean CLAIMED = new AtomicBoolean();

  private Pixtrace() {}

  static Telemetry telemetry() {
    return telemetry;
  }

  /**
   * The agent's handle on the stages. The first call returns it; every later call throws
   * {@link IllegalStateException}.
   */
  public static Control control() {
    if (!CLAIMED.compareAndSet(false, true)) {
      throw new IllegalStateException("the Pixtrace agent already holds its control");
    }
    return new Control();
  }

  /** What only the agent may do: install the telemetry and register adapters. */
  public static final class Control {
    private Control() {}

    /** Installs (or, with {@code null}, removes) the telemetry the stages record into. */
    public void install(Telemetry value) {
      telemetry = value;
    }

    /** Registers a module's adapter under its name ({@link Adapters}); see the module's {@code NAME}. */
    public void register(String name, Object adapter) {
      Adapters.put(name, adapter);
    }

    /** Removes the telemetry and every adapter: the agent could not start after all. */
    public void reset() {
      telemetry = null;
      Adapters.clear();
    }
  }
}
