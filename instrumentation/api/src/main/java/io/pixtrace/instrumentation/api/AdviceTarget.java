package io.pixtrace.instrumentation.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Where a {@link TypeInstrumentation} declares its advice: methods and the advice class. */
public interface AdviceTarget {
  /**
   * Weaves the advice class (static {@code @Advice.OnMethodEnter}/{@code OnMethodExit}
   * methods, named by class name so it is read as bytes, not loaded) into matching methods.
   */
  void applyAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
}
