package io.pixtrace.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The exchange callback {@code InternalAbstractHttpAsyncClient.doExecute} creates (an
 * anonymous {@code AsyncExecCallback}): {@code handleResponse} gets the final response head
 * (redirects and retries are resolved before it), {@code failed} the failure. Name prefix
 * first, the interface only for the client's own nested classes.
 */
final class AsyncExecCallbackInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return nameStartsWith("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient$")
        .and(hasSuperType(named("org.apache.hc.client5.http.async.AsyncExecCallback")));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("handleResponse").and(takesArguments(2))
            .and(takesArgument(0, named("org.apache.hc.core5.http.HttpResponse"))),
        AsyncResponseAdvice.class);
    target.applyAdvice(named("failed").and(takesArguments(1)),
        AsyncFailedAdvice.class);
  }
}
