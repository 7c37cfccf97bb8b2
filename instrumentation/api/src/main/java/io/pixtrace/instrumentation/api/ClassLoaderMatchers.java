package io.pixtrace.instrumentation.api;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Class-loader preconditions: "does this loader see the library", answered from a class file
 * resource (nothing is loaded) and remembered per loader, weakly, so an undeployed web
 * application's loader can be collected.
 */
public final class ClassLoaderMatchers {
  private ClassLoaderMatchers() {}

  /**
   * Matches the class loaders that can load a class of this binary name (dots). The
   * bootstrap loader ({@code null}) matches only JDK classes, through the platform loader.
   */
  public static ElementMatcher<ClassLoader> hasClassNamed(String className) {
    return new HasResource(className.replace('.', '/') + ".class");
  }

  private static final class HasResource implements ElementMatcher<ClassLoader> {
    private final String resource;
    private final Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

    HasResource(String resource) {
      this.resource = resource;
    }

    @Override
    public boolean matches(ClassLoader loader) {
      if (loader == null) {
        return ClassLoader.getPlatformClassLoader().getResource(resource) != null;
      }
      Boolean has = seen.get(loader);
      if (has == null) {
        has = loader.getResource(resource) != null;
        seen.put(loader, has);
      }
      return has;
    }

    @Override
    public String toString() {
      return "hasResource(" + resource + ")";
    }
  }
}
