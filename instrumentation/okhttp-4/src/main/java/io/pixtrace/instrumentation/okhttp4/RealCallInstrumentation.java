package io.pixtrace.instrumentation.okhttp4;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code okhttp3.internal.connection.RealCall}: {@code getResponseWithInterceptorChain()}
 * (Kotlin-internal, compiled as {@code getResponseWithInterceptorChain$okhttp}) runs the whole
 * exchange, redirects and retries included, for {@code execute()} on the caller's thread and
 * for {@code enqueue()} on a dispatcher thread. {@code enqueue(Callback)} starts the download
 * on the caller's thread (where the request's context is), keyed by the call, and the
 * dispatcher thread continues it.
 */
final class RealCallInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("okhttp3.internal.connection.RealCall");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)),
        ResponseChainAdvice.class);
    target.applyAdvice(named("enqueue").and(isPublic()).and(takesArguments(1)),
        EnqueueAdvice.class);
  }
}
