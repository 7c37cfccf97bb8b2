package io.pixtrace.instrumentation.annotations;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasParameters;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.whereAny;

import io.pixtrace.bootstrap.WithSpanStage;
import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Host classes that declare a {@code @WithSpan} method (asked only in class loaders that can
 * see the annotation: the module's precondition). Methods with {@code @SpanAttribute}
 * parameters get the advice that reads the arguments; the others a cheaper one.
 */
final class WithSpanInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return declaresMethod(isAnnotatedWith(named(WithSpanStage.WITH_SPAN)));
  }

  @Override
  public void transform(AdviceTarget target) {
    ElementMatcher.Junction<MethodDescription> annotated =
        isMethod().and(not(isAbstract())).and(isAnnotatedWith(named(WithSpanStage.WITH_SPAN)));
    ElementMatcher.Junction<MethodDescription> withAttributes =
        hasParameters(whereAny(isAnnotatedWith(named(WithSpanStage.SPAN_ATTRIBUTE))));
    target.applyAdvice(annotated.and(withAttributes),
        WithSpanAttributesAdvice.class);
    target.applyAdvice(annotated.and(not(withAttributes)),
        WithSpanAdvice.class);
  }

  /** Whether a class loader has a resource, remembered per loader (weakly). */
}
