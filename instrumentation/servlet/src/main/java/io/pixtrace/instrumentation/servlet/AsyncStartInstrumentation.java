package io.pixtrace.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.ClassLoaderMatchers;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AsyncContext.start(Runnable)} in the container's implementation (Tomcat's
 * {@code AsyncContextImpl}, Jetty's), for one servlet API.
 */
final class AsyncStartInstrumentation implements TypeInstrumentation {
  private final String api;
  private final Class<?> advice;
  private final ElementMatcher<ClassLoader> hasApi;

  /** @param api the API's package, {@code jakarta.servlet} or {@code javax.servlet} */
  AsyncStartInstrumentation(String api, Class<?> advice) {
    this.api = api;
    this.advice = advice;
    this.hasApi = ClassLoaderMatchers.hasClassNamed(api + ".AsyncContext");
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return hasApi;
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(api + ".AsyncContext")));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("start").and(takesArguments(1)).and(takesArgument(0, Runnable.class)).and(not(isAbstract())),
        advice);
  }
}
