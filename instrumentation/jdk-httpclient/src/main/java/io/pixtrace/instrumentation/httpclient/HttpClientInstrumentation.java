package io.pixtrace.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK client's implementation class ({@code jdk.internal.net.http.HttpClientImpl}; the
 * public {@code HttpClient} returned by {@code newHttpClient()} is a facade that delegates to
 * it): {@code send} and the public {@code sendAsync} overloads.
 */
final class HttpClientInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("jdk.internal.net.http.HttpClientImpl");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return nameStartsWith("jdk.internal.net.http.").and(named("jdk.internal.net.http.HttpClientImpl"));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("send").and(takesArguments(2)).or(named("sendAsync")).and(isPublic())
            .and(takesArgument(0, named("java.net.http.HttpRequest"))),
        HttpClientSendAdvice.class);
  }
}
