package io.pixtrace.instrumentation.api;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Which types to transform and with which advice. The matchers are asked in order of cost
 * at every class load of the host: first {@link #classLoaderMatcher()} (is the library
 * there at all), then {@link #typeMatcher()} (name first, hierarchy only if needed).
 */
public interface TypeInstrumentation {
  /** Cheap check that the class loader can have matching types; defaults to any. */
  default ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ElementMatchers.any();
  }

  /** The types to transform. */
  ElementMatcher<? super TypeDescription> typeMatcher();

  /** Declares the advice for the matched types' methods. */
  void transform(AdviceTarget target);
}
