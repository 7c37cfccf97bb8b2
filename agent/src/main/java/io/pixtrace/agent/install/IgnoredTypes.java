package io.pixtrace.agent.install;

import java.util.Collection;

/**
 * Types never instrumented, decided from the name alone before anything is parsed: the
 * agent's own classes and its libraries', lambdas and hidden classes, and every JDK type
 * ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}) that no type
 * instrumentation names in its {@code jdkTypePrefixes()}.
 */
final class IgnoredTypes {
  private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

  private final String[] instrumentedJdkPrefixes;

  /** @param instrumentedJdkPrefixes the JDK type name prefixes the type instrumentations declare */
  IgnoredTypes(Collection<String> instrumentedJdkPrefixes) {
    this.instrumentedJdkPrefixes = instrumentedJdkPrefixes.stream().distinct().toArray(String[]::new);
  }

  /** Whether the class with this binary name (dots, {@code $} for nesting) is never woven. */
  boolean isIgnored(String name) {
    // The agent's packages, as io.pixtrace.bootstrap.AgentPackages lists them, spelled out:
    // this runs inside the transformer for every class loaded, and loading AgentPackages from
    // here would transform it while it loads (a ClassCircularityError, and no agent).
    if (name.startsWith("io.pixtrace.")) {
      return name.startsWith("io.pixtrace.agent.") || name.startsWith("io.pixtrace.bootstrap.")
          || name.startsWith("io.pixtrace.shaded.") || name.startsWith("io.pixtrace.instrumentation.");
    }
    for (String jdk : JDK) {
      if (name.startsWith(jdk)) {
        for (String prefix : instrumentedJdkPrefixes) {
          if (name.startsWith(prefix)) {
            return false;
          }
        }
        return true;
      }
    }
    return name.startsWith("net.bytebuddy.") || name.startsWith("kotlin.") || name.contains("$$Lambda") || name.contains("/");
  }
}
