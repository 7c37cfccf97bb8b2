package io.pixtrace.instrumentation.otelapi.helper;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.pixtrace.bootstrap.ApiBridge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A host API span that is an agent span: what the host does to it, the agent's span records. */
final class BridgeSpan implements Span {
  final Object agent;
  private volatile SpanContext spanContext;

  BridgeSpan(Object agent) {
    this.agent = agent;
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null) {
      ApiBridge.setAttribute(agent, key.getKey(), key.getType().name(), value);
    }
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    ApiBridge.addEvent(agent, name, list(attributes), 0);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    ApiBridge.addEvent(agent, name, list(attributes), unit.toNanos(timestamp));
    return this;
  }

  @Override
  public Span setStatus(StatusCode statusCode, String description) {
    ApiBridge.setStatus(agent, statusCode.name(), description);
    return this;
  }

  @Override
  public Span recordException(Throwable exception, Attributes additionalAttributes) {
    ApiBridge.recordException(agent, exception, list(additionalAttributes));
    return this;
  }

  @Override
  public Span updateName(String name) {
    ApiBridge.updateName(agent, name);
    return this;
  }

  @Override
  public void end() {
    ApiBridge.end(agent, 0);
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    ApiBridge.end(agent, unit.toNanos(timestamp));
  }

  @Override
  public SpanContext getSpanContext() {
    SpanContext sc = spanContext;
    if (sc == null) {
      Object[] ids = ApiBridge.ids(agent);
      TraceStateBuilder state = TraceState.builder();
      for (Map.Entry<String, String> e : ApiBridge.traceState(agent).entrySet()) {
        state.put(e.getKey(), e.getValue());
      }
      TraceFlags flags = TraceFlags.fromByte((Byte) ids[2]);
      sc = (Boolean) ids[3]
          ? SpanContext.createFromRemoteParent((String) ids[0], (String) ids[1], flags, state.build())
          : SpanContext.create((String) ids[0], (String) ids[1], flags, state.build());
      spanContext = sc;
    }
    return sc;
  }

  @Override
  public boolean isRecording() {
    return ApiBridge.isRecording(agent);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BridgeSpan && ((BridgeSpan) o).agent == agent;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(agent);
  }

  @Override
  public String toString() {
    return "pixtrace bridged " + agent;
  }

  /** Host attributes as {@code {key, type name, value}} entries. */
  static List<Object[]> list(Attributes attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return List.of();
    }
    List<Object[]> out = new ArrayList<>(attributes.size());
    attributes.forEach((k, v) -> out.add(new Object[] {k.getKey(), k.getType().name(), v}));
    return out;
  }
}
