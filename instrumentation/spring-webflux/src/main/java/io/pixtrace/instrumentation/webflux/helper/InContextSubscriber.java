package io.pixtrace.instrumentation.webflux.helper;

import io.pixtrace.bootstrap.ReactiveStage;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Delivers every signal to the host's subscriber with the request's context current, on
 * whatever thread the signal comes (a Netty event loop, a scheduler worker). Not fuseable, so
 * the operators on both sides exchange plain signals.
 */
final class InContextSubscriber<T> implements CoreSubscriber<T> {
  private final CoreSubscriber<? super T> actual;
  private final Object context;

  InContextSubscriber(CoreSubscriber<? super T> actual, Object context) {
    this.actual = actual;
    this.context = context;
  }

  @Override
  public reactor.util.context.Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription s) {
    Object scope = ReactiveStage.makeCurrent(context);
    try {
      actual.onSubscribe(s);
    } finally {
      ReactiveStage.close(scope);
    }
  }

  @Override
  public void onNext(T t) {
    Object scope = ReactiveStage.makeCurrent(context);
    try {
      actual.onNext(t);
    } finally {
      ReactiveStage.close(scope);
    }
  }

  @Override
  public void onError(Throwable t) {
    Object scope = ReactiveStage.makeCurrent(context);
    try {
      actual.onError(t);
    } finally {
      ReactiveStage.close(scope);
    }
  }

  @Override
  public void onComplete() {
    Object scope = ReactiveStage.makeCurrent(context);
    try {
      actual.onComplete();
    } finally {
      ReactiveStage.close(scope);
    }
  }
}
