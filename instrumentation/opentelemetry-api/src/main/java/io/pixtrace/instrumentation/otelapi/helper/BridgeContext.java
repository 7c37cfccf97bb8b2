package io.pixtrace.instrumentation.otelapi.helper;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.pixtrace.bootstrap.ApiBridge;

/**
 * A host API context that is a view of an agent context. Its span is the agent's span (as a
 * {@link BridgeSpan}), unless the host put a span of its own there (its own SDK's, or a
 * wrapped remote one), which it then gets back; every other value the host stores travels in
 * the agent context under a key of its own, so it follows the agent's context everywhere the
 * agent carries it (executors, futures, async requests).
 */
final class BridgeContext implements Context {
  final Object agent;
  private final BridgeContextStorage storage;

  BridgeContext(Object agent, BridgeContextStorage storage) {
    this.agent = agent;
    this.storage = storage;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V get(ContextKey<V> key) {
    Object own = ApiBridge.hostValue(agent, key);
    if (own != null || key != storage.spanKey) {
      return (V) own;
    }
    Object span = ApiBridge.span(agent);
    return span == null ? null : (V) new BridgeSpan(span);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    if (key == storage.spanKey && value instanceof BridgeSpan) {
      Object withoutOwn = ApiBridge.withHostValue(agent, key, null);
      return new BridgeContext(ApiBridge.withSpan(withoutOwn, ((BridgeSpan) value).agent), storage);
    }
    Object next = ApiBridge.withHostValue(agent, key, value);
    if (key == storage.spanKey && value instanceof Span) {
      // a span of another tracer: spans the agent starts beneath it take it as their parent
      SpanContext sc = ((Span) value).getSpanContext();
      next = ApiBridge.withRemoteParent(next, sc.getTraceId(), sc.getSpanId(), sc.getTraceFlags().asByte(), sc.isRemote());
    }
    return new BridgeContext(next, storage);
  }

  /** The agent context for any host context: a view's own, or a foreign one's span carried over. */
  static Object toAgent(Context context, BridgeContextStorage storage) {
    if (context instanceof BridgeContext) {
      return ((BridgeContext) context).agent;
    }
    Context root = storage.root();
    if (context == null || storage.spanKey == null) {
      return ((BridgeContext) root).agent;
    }
    Span span = context.get(storage.spanKey);
    return span == null ? ((BridgeContext) root).agent : ((BridgeContext) root.with(storage.spanKey, span)).agent;
  }

  @Override
  public String toString() {
    return "pixtrace bridged " + agent;
  }
}
