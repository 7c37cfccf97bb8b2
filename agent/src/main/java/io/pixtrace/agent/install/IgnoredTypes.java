package io.pixtrace.agent.install;

import io.pixtrace.bootstrap.AgentPackages;
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

  /**
   * Built before the transformer is registered; it loads {@link AgentPackages} then, because
   * {@link #isIgnored} runs inside the transformer for every class loaded: loading that class
   * from there would have the transformer transform it while it loads (a
   * {@code ClassCircularityError} at the first class load, and no agent).
   *
   * @param instrumentedJdkPrefixes the JDK type name prefixes the type instrumentations declare
   */
  IgnoredTypes(Collection<String> instrumentedJdkPrefixes) {
    this.instrumentedJdkPrefixes = instrumentedJdkPrefixes.stream().distinct().toArray(String[]::new);
    AgentPackages.owns(IgnoredTypes.class.getName());
  }

  /** Whether the class with this binary name (dots, {@code $} for nesting) is never woven. */
  boolean isIgnored(String name) {
    if (name.startsWith("io.pixtrace.")) {
      return AgentPackages.owns(name);
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
