package io.pixtrace.instrumentation.httpserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code com.sun.net.httpserver.Filter.Chain.doFilter(HttpExchange)}: the JDK server runs
 * every exchange through it (system filters, user filters, then the handler), on the thread
 * that handles the request, so the outermost call spans the whole request whatever the
 * handler is (a class or a lambda).
 */
final class FilterChainInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("com.sun.net.httpserver.Filter$Chain");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("com.sun.net.httpserver.Filter$Chain");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("doFilter").and(takesArguments(1))
            .and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange"))),
        FilterChainAdvice.class);
  }
}
