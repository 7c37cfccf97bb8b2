package io.pixtrace.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code InternalHttpClient.doExecute(HttpHost, ClassicHttpRequest, HttpContext)} (and
 * {@code MinimalHttpClient}'s): every public {@code CloseableHttpClient.execute} overload,
 * response handlers included, calls it once; redirects and retries happen inside it. It
 * returns when the response head has arrived.
 */
final class ClassicClientInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("org.apache.hc.client5.http.impl.classic.InternalHttpClient")
        .or(named("org.apache.hc.client5.http.impl.classic.MinimalHttpClient"));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("doExecute").and(takesArguments(3))
            .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest"))),
        ClassicExecuteAdvice.class);
  }
}
