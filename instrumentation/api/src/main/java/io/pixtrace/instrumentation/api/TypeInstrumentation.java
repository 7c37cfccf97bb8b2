package io.pixtrace.instrumentation.api;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Which types to transform and with which advice. The matchers are asked in order of cost
 * at every class load of the host: first the module's and then this {@link #classLoaderMatcher()}
 * (is the library there at all), then {@link #typeMatcher()} (name first, hierarchy only if
 * needed).
 */
public interface TypeInstrumentation {
  /** Cheap check that the class loader can have matching types; defaults to any. */
  default ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ElementMatchers.any();
  }

  /**
   * Binary-name prefixes of the JDK types ({@code java.}, {@code javax.}, {@code jdk.},
   * {@code sun.}, {@code com.sun.}) this instrumentation can match, e.g.
   * {@code java.util.concurrent.}. The agent never describes a JDK type that no type
   * instrumentation names here, so a library's instrumentation leaves this empty.
   */
  default List<String> jdkTypePrefixes() {
    return List.of();
  }

  /**
   * Text (ASCII) that a matching type's class file contains, e.g. the prefix of the method
   * names the type matcher looks for: the agent searches the bytes for it before it describes
   * the type, so a matcher that has to read the class ({@code declaresMethod}) runs only for
   * class files that have it. {@code null} (the default): no such filter.
   */
  default String classFileMarker() {
    return null;
  }

  /** The types to transform. */
  ElementMatcher<? super TypeDescription> typeMatcher();

  /** Declares the advice for the matched types' methods. */
  void transform(AdviceTarget target);
}
