package io.pixtrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code CompletableFuture}'s private stage factories, through which every public dependent
 * stage method goes ({@code thenApply}, {@code thenAcceptAsync(fn, executor)},
 * {@code thenCombine}, {@code handle}, {@code whenComplete}, {@code exceptionally},
 * {@code thenCompose}, {@code applyToEither}, ...; JDK 17 to 25): {@code uni*Stage(Executor,
 * callback)} and {@code bi*Stage}/{@code or*Stage(Executor, CompletionStage, callback)}. The
 * stage factories of {@code supplyAsync}/{@code runAsync} hand their task to the executor at
 * once, on the creating thread, where the executor instrumentation already sees the context.
 */
final class CompletableFutureInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("java.util.concurrent.CompletableFuture");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("java.util.concurrent.CompletableFuture");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isPrivate().and(namedOneOf("uniApplyStage", "uniAcceptStage", "uniRunStage", "uniWhenCompleteStage",
                "uniHandleStage", "uniExceptionallyStage", "uniComposeExceptionallyStage", "uniComposeStage"))
            .and(takesArguments(2)).and(takesArgument(0, Executor.class)),
        UniStageAdvice.class);
    target.applyAdvice(
        isPrivate().and(namedOneOf("biApplyStage", "biAcceptStage", "biRunStage", "orApplyStage", "orAcceptStage",
                "orRunStage"))
            .and(takesArguments(3)).and(takesArgument(0, Executor.class))
            .and(takesArgument(1, CompletionStage.class)),
        BiStageAdvice.class);
  }
}
