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
 * {@code FilterChain.doFilter(request, response)} and {@code Servlet.service(request,
 * response)} in every class that implements them. A container always enters a request through
 * one of the two: Tomcat through its filter chain, Jetty 10+ through its chain or the servlet,
 * and a filter's own {@code chain.doFilter} and the servlet run inside. The outermost call
 * wins; nested ones (the chain's next link, the servlet, forwards and includes) are ignored.
 *
 * <p>Cost at class load, cheapest first: the class loader must see the API
 * ({@code Servlet.class} as a resource, asked once per loader), interfaces are skipped, and
 * only then is the type's hierarchy walked.
 */
final class ServletInstrumentation implements TypeInstrumentation {
  private final String api;
  private final Class<?> advice;
  private final ElementMatcher<ClassLoader> hasApi;

  /** @param api the API's package, {@code jakarta.servlet} or {@code javax.servlet} */
  ServletInstrumentation(String api, Class<?> advice) {
    this.api = api;
    this.advice = advice;
    this.hasApi = ClassLoaderMatchers.hasClassNamed(api + ".Servlet");
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return hasApi;
  }

  @Override
  public List<String> jdkTypePrefixes() {
    return api.startsWith("javax.") ? List.of(api + ".") : List.of();
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(api + ".Servlet").or(named(api + ".FilterChain"))));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("service").or(named("doFilter"))
            .and(takesArguments(2))
            .and(takesArgument(0, named(api + ".ServletRequest")))
            .and(takesArgument(1, named(api + ".ServletResponse")))
            .and(not(isAbstract())),
        advice);
  }

  /** Whether a class loader has a resource, remembered per loader (weakly). */
}
