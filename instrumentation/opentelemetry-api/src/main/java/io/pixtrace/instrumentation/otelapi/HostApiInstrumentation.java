package io.pixtrace.instrumentation.otelapi;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** One static no-argument method of a host API class ({@code LazyStorage.get}, {@code GlobalOpenTelemetry.get}). */
final class HostApiInstrumentation implements TypeInstrumentation {
  private final String type;
  private final String method;
  private final Class<?> advice;

  HostApiInstrumentation(String type, String method, Class<?> advice) {
    this.type = type;
    this.method = method;
    this.advice = advice;
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(type);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named(method).and(isStatic()).and(takesArguments(0)), advice);
  }
}
