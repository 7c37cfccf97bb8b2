package io.pixtrace.instrumentation.webflux;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.bootstrap.ReactiveStage;
import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.ClassLoaderMatchers;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * SERVER spans for Spring WebFlux on Reactor Netty: Spring's {@code ReactorHttpHandlerAdapter}
 * is where every request enters; the request ends when the handler's {@code Mono<Void>}
 * terminates (the response was sent) or is cancelled (the connection went away), and is named
 * by the pattern Spring matched ({@code /thumbnail/{size}}). Exceptions Spring's exception
 * handlers turn into a 5xx are recorded on the span.
 */
public final class SpringWebFluxModule implements InstrumentationModule {
  /** The module's name. */
  public static final String NAME = "spring-webflux";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.SERVER;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassNamed("org.springframework.http.server.reactive.ReactorHttpHandlerAdapter");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new Named("org.springframework.http.server.reactive.ReactorHttpHandlerAdapter",
            t -> t.applyAdvice(named("apply").and(takesArguments(2))
                .and(takesArgument(0, named("reactor.netty.http.server.HttpServerRequest"))), ReactorHandlerAdvice.class)),
        new Named("org.springframework.web.server.adapter.HttpWebHandlerAdapter",
            t -> t.applyAdvice(named("createExchange").and(takesArguments(2)), CreateExchangeAdvice.class)),
        new ExceptionHandlers());
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(ReactiveStage.NAME, WebFluxHelpers.INSTANCE);
  }

  /** One named class. */
  static final class Named implements TypeInstrumentation {
    private final String type;
    private final java.util.function.Consumer<AdviceTarget> weave;

    Named(String type, java.util.function.Consumer<AdviceTarget> weave) {
      this.type = type;
      this.weave = weave;
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
      return named(type);
    }

    @Override
    public void transform(AdviceTarget target) {
      weave.accept(target);
    }
  }

  /** Every {@code WebExceptionHandler.handle(ServerWebExchange, Throwable)}. */
  static final class ExceptionHandlers implements TypeInstrumentation {
    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
      return not(isInterface()).and(hasSuperType(named("org.springframework.web.server.WebExceptionHandler")));
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("handle").and(takesArguments(2)).and(takesArgument(1, Throwable.class)).and(not(isAbstract())),
          ExceptionHandlerAdvice.class);
    }
  }
}
