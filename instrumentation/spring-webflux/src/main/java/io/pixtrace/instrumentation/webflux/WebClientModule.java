package io.pixtrace.instrumentation.webflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.bootstrap.ReactiveStage;
import io.pixtrace.instrumentation.api.ClassLoaderMatchers;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * CLIENT (download) spans for Spring's {@code WebClient}, whatever its connector: its
 * exchange function is where every request goes out. The span ends when the response body has
 * been read (or the exchange failed or was cancelled), and the response's signals, body
 * included, reach the host's operators in the request's context.
 */
public final class WebClientModule implements InstrumentationModule {
  /** The module's name. */
  public static final String NAME = "spring-webclient";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.DOWNLOAD;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassNamed("org.springframework.web.reactive.function.client.ExchangeFunctions");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new SpringWebFluxModule.Named("org.springframework.web.reactive.function.client.ExchangeFunctions$DefaultExchangeFunction",
        t -> t.applyAdvice(named("exchange").and(takesArguments(1)), ExchangeAdvice.class)));
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(ReactiveStage.NAME, WebFluxHelpers.INSTANCE);
  }
}
