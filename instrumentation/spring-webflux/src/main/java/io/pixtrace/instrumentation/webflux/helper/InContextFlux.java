package io.pixtrace.instrumentation.webflux.helper;

import io.pixtrace.bootstrap.ReactiveStage;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

/** A {@code Flux} subscribed, and signalling, with the request's context current. */
final class InContextFlux<T> extends FluxOperator<T, T> {
  private final Object context;

  InContextFlux(Flux<? extends T> source, Object context) {
    super(source);
    this.context = context;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    Object scope = ReactiveStage.makeCurrent(context);
    try {
      source.subscribe(new InContextSubscriber<>(actual, context));
    } finally {
      ReactiveStage.close(scope);
    }
  }
}
