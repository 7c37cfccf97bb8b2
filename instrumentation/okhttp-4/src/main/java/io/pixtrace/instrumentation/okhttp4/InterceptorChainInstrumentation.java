package io.pixtrace.instrumentation.okhttp4;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code okhttp3.internal.http.RealInterceptorChain.proceed(Request)}: the first link of a
 * call's chain (index 0) receives the call's original request, before any interceptor: the
 * place to swap in a copy with trace headers (a {@code Request} is immutable).
 */
final class InterceptorChainInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("okhttp3.internal.http.RealInterceptorChain");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("proceed").and(isPublic()).and(takesArguments(1))
            .and(takesArgument(0, named("okhttp3.Request"))),
        ProceedAdvice.class);
  }
}
