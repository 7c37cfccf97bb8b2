package io.pixtrace.instrumentation.webflux.helper;

import io.pixtrace.bootstrap.ReactiveStage;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/** A {@code Mono} subscribed, and signalling, with the request's context current. */
final class InContextMono<T> extends MonoOperator<T, T> {
  private final Object context;

  InContextMono(Mono<? extends T> source, Object context) {
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
