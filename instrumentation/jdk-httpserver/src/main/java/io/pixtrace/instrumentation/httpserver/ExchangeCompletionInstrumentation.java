package io.pixtrace.instrumentation.httpserver;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Where the JDK server completes a response, whatever thread does it: the exchange's
 * {@code close()}, and the "write finished" event its body streams post when closed
 * ({@code WriteFinishedEvent} up to JDK 21, {@code Event.WriteFinished} since). Both take the
 * internal {@code sun.net.httpserver.ExchangeImpl}, the request's completion key
 * ({@link HttpExchangeAdapter#completionKey}).
 */
final class ExchangeCompletionInstrumentation implements TypeInstrumentation {
  static final String EXCHANGE = "sun.net.httpserver.ExchangeImpl";
  private static final String[] EVENTS = {"sun.net.httpserver.WriteFinishedEvent", "sun.net.httpserver.Event$WriteFinished"};

  @Override
  public List<String> jdkTypePrefixes() {
    return List.of(EXCHANGE, EVENTS[0], EVENTS[1]);
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(EXCHANGE).or(namedOneOf(EVENTS));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("close").and(takesArguments(0)), ResponseCompleteAdvice.class);
    target.applyAdvice(isConstructor().and(takesArguments(1)).and(takesArgument(0, named(EXCHANGE))),
        WriteFinishedAdvice.class);
  }
}
