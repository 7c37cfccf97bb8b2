package io.pixtrace.agent.install;

/**
 * Types never instrumented, decided from the name alone before anything is parsed: the
 * agent's own classes and its libraries', lambdas and hidden classes, and the JDK's packages
 * other than the few whose classes the type instrumentations weave.
 */
final class IgnoredTypes {
  /**
   * {@code java.util.logging.Logger}, the one {@code java.util.logging} class instrumented (host
   * log capture). Built at run time: the build relocates that class name, string constants
   * included, to the agent's {@code PatchLogger}.
   */
  private static final String JUL_LOGGER = java.util.logging.Level.class.getPackageName() + ".Logger";

  private IgnoredTypes() {}

  /** Whether the class with this binary name (dots, {@code $} for nesting) is never woven. */
  static boolean isIgnored(String name) {
    if (name.startsWith("io.pixtrace.")) {
      return name.startsWith("io.pixtrace.agent.") || name.startsWith("io.pixtrace.bootstrap.")
          || name.startsWith("io.pixtrace.shaded.") || name.startsWith("io.pixtrace.instrumentation.");
    }
    if (name.startsWith("java.")) {
      return !(name.startsWith("java.util.concurrent.") || name.equals(JUL_LOGGER) || name.equals("java.lang.VirtualThread"));
    }
    if (name.startsWith("javax.")) {
      return !(name.equals("javax.imageio.ImageIO") || name.startsWith("javax.servlet."));
    }
    if (name.startsWith("jdk.")) {
      return !name.startsWith("jdk.internal.net.http.");
    }
    if (name.startsWith("sun.")) {
      return !(name.equals("sun.net.www.protocol.http.HttpURLConnection")
          || name.equals("sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection"));
    }
    if (name.startsWith("com.sun.")) {
      return !(name.startsWith("com.sun.net.httpserver.") || name.startsWith("com.sun.imageio.plugins."));
    }
    return name.startsWith("net.bytebuddy.") || name.startsWith("kotlin.") || name.contains("$$Lambda") || name.contains("/");
  }
}
