package io.pixtrace.agent.install;

import net.bytebuddy.asm.Advice;

/**
 * What {@link AdviceTransformer#warmUp()} weaves in memory before the transformer is
 * registered: a method and an advice with the bindings the instrumentations use (argument,
 * this, return value, thrown, enter value), so the first weaving initializes Byte Buddy's
 * classes on one thread. Never defined with the advice.
 */
final class WarmUpTarget {
  String run(String value) {
    return value;
  }

  /** Enter and exit advice in the instrumentations' shape. */
  static final class WarmUpAdvice {
    private WarmUpAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@Advice.Argument(0) String value) {
      return value == null ? 0L : value.length();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Enter long entered, @Advice.Return String returned,
        @Advice.Thrown Throwable thrown) {
      if (self == null && entered < 0 && returned == null && thrown == null) {
        throw new IllegalStateException();
      }
    }
  }
}
