package io.pixtrace.instrumentation.otelapi.helper;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.pixtrace.bootstrap.ApiBridge;

/**
 * The host API's context storage, replaced by the agent's: the host's current context is a
 * view of the agent's ({@link BridgeContext}), so {@code Span.current()} in host code is the
 * agent's current span, and a context the host makes current becomes the agent's current one.
 * Defined next to the host's API (a child class loader of the API's); only this package and
 * {@link ApiBridge} link the two.
 */
public final class BridgeContextStorage implements ContextStorage {
  /** The host API's span key ({@code SpanContextKey.KEY}), or null when the host has only the context API. */
  final ContextKey<Span> spanKey;

  /** Reads the host API's span key by reflection (an unnamed module's package is open). */
  @SuppressWarnings("unchecked")
  public BridgeContextStorage() {
    ContextKey<Span> key = null;
    try {
      java.lang.reflect.Field f = Class.forName("io.opentelemetry.api.trace.SpanContextKey", true,
          ContextStorage.class.getClassLoader()).getDeclaredField("KEY");
      f.setAccessible(true);
      key = (ContextKey<Span>) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      key = null; // no trace API beside the context API: contexts only
    }
    this.spanKey = key;
  }

  @Override
  public Scope attach(Context toAttach) {
    Object scope = ApiBridge.makeCurrent(BridgeContext.toAgent(toAttach, this));
    return () -> ApiBridge.close(scope);
  }

  @Override
  public Context current() {
    return new BridgeContext(ApiBridge.currentContext(), this);
  }

  @Override
  public Context root() {
    return new BridgeContext(ApiBridge.rootContext(), this);
  }
}
