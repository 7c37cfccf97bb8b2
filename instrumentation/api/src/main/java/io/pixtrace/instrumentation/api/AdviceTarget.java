package io.pixtrace.instrumentation.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Where a {@link TypeInstrumentation} declares its advice: methods and the advice class. */
public interface AdviceTarget {
  /**
   * Weaves the advice class (static {@code @Advice.OnMethodEnter}/{@code OnMethodExit}
   * methods) into matching methods. The class is named by its literal, so a typo does not
   * compile; only its class file is read (it is never initialized), and its code is inlined
   * into the host's class, so it may name the library's own types.
   */
  void applyAdvice(ElementMatcher<? super MethodDescription> methods, Class<?> advice);
}
