package io.pixtrace.instrumentation.webflux;

import io.pixtrace.bootstrap.ReactiveStage;
import io.pixtrace.instrumentation.api.HelperClasses;

/**
 * The one factory of both modules: the Reactor support ({@code helper.WebFluxSupport}) beside
 * the host's Spring WebFlux and Reactor, one per library class loader.
 */
final class WebFluxHelpers implements ReactiveStage.Factory {
  static final WebFluxHelpers INSTANCE = new WebFluxHelpers();

  private final HelperClasses helpers = new HelperClasses(WebFluxHelpers.class);
  private final ClassValue<ReactiveStage.Support> supports = new ClassValue<>() {
    @Override
    protected ReactiveStage.Support computeValue(Class<?> libraryClass) {
      return (ReactiveStage.Support) helpers.newInstance(libraryClass, "WebFluxSupport");
    }
  };

  private WebFluxHelpers() {}

  @Override
  public ReactiveStage.Support support(Class<?> libraryClass) {
    return supports.get(libraryClass);
  }
}
