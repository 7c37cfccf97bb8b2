package io.pixtrace.instrumentation.vipsffm;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code public static void VipsInvoker.invokeOperation(Arena, String, String, List)}: the
 * four-argument form, which the three-argument one calls.
 */
final class VipsInvokerInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(VipsFfmModule.LIBRARY_PACKAGE + "VipsInvoker");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isPublic().and(isStatic()).and(named("invokeOperation")).and(takesArguments(4))
            .and(takesArgument(0, named("java.lang.foreign.Arena")))
            .and(takesArgument(1, String.class)).and(takesArgument(2, String.class))
            .and(takesArgument(3, named("java.util.List"))),
        InvokeOperationAdvice.class);
  }
}
