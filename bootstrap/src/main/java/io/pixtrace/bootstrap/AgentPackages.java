package io.pixtrace.bootstrap;

/**
 * The agent's own packages: its code and the libraries its build relocates. Not all of
 * {@code io.pixtrace.}: the example services, the benchmark's host and the test hosts live
 * there too, and are applications like any other (traced, their loggers captured, their
 * pools and semaphores measured).
 */
public final class AgentPackages {
  private static final String[] OWN = {
    "io.pixtrace.agent.", "io.pixtrace.bootstrap.", "io.pixtrace.instrumentation.", "io.pixtrace.shaded."
  };

  private AgentPackages() {}

  /**
   * Whether {@code name} (a class's binary name, or a logger named after one) is in one of the
   * agent's packages; {@code false} for {@code null}.
   */
  public static boolean owns(String name) {
    if (name == null || !name.startsWith("io.pixtrace.")) {
      return false;
    }
    for (String p : OWN) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
