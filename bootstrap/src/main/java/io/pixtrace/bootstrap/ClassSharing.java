package io.pixtrace.bootstrap;

import java.lang.reflect.Method;

/**
 * Whether the JVM is recording a class data sharing archive (CDS, or JDK 24+'s AOT cache,
 * which is built on it), read from {@code jdk.internal.misc.CDS} (docs/startup.md).
 *
 * <p>The agent's launcher exports {@code jdk.internal.misc} to the bootstrap class loader's
 * unnamed module (where this class lives, never the host's) before it asks; the reflective
 * call has to be made from here, since the access check looks at the caller's module. When
 * the package is not exported, or a JDK lacks the method, the answer is {@code false}.
 */
public final class ClassSharing {
  private ClassSharing() {}

  /**
   * Whether this JVM is recording an archive: a training run ({@code -XX:AOTCacheOutput},
   * {@code -XX:AOTMode=record}), a dynamic archive ({@code -XX:ArchiveClassesAtExit}) or a
   * static dump ({@code -Xshare:dump}). JDK 17 and later; never throws.
   */
  public static boolean recording() {
    try {
      Method m = Class.forName("jdk.internal.misc.CDS").getMethod("isDumpingArchive");
      return (boolean) m.invoke(null);
    } catch (Throwable e) {
      return false;
    }
  }
}
