package io.pixtrace.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code InternalAbstractHttpAsyncClient.executeImmediate(HttpRequest, AsyncEntityProducer,
 * Scope, AsyncExecChain, AsyncExecCallback)}: {@code doExecute} (behind every public
 * {@code execute}) calls it once per exchange, on the caller's thread, with the request the
 * client will send (its own copy, with scheme and authority filled in) and the
 * exchange's completion callback, which keys the download until the response arrives.
 */
final class AsyncClientInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("executeImmediate").and(takesArguments(5))
            .and(takesArgument(0, named("org.apache.hc.core5.http.HttpRequest")))
            .and(takesArgument(4, named("org.apache.hc.client5.http.async.AsyncExecCallback"))),
        AsyncExecuteAdvice.class);
  }
}
