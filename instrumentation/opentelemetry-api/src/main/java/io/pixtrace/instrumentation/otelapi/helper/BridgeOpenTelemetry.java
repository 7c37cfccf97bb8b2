package io.pixtrace.instrumentation.otelapi.helper;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.pixtrace.bootstrap.ApiBridge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code GlobalOpenTelemetry.get()} answers in the host: tracers whose spans are the
 * agent's (exported with the agent's, under the host's instrumentation scope) and the agent's
 * propagators. Metrics and logs through the host's API stay the API's no-ops.
 */
public final class BridgeOpenTelemetry implements OpenTelemetry {
  private final TracerProvider tracers = new Tracers();
  private final ContextPropagators propagators = ContextPropagators.create(new Propagator());

  @Override
  public TracerProvider getTracerProvider() {
    return tracers;
  }

  @Override
  public ContextPropagators getPropagators() {
    return propagators;
  }

  @Override
  public String toString() {
    return "pixtrace agent OpenTelemetry (bridged)";
  }

  private static final class Tracers implements TracerProvider {
    @Override
    public Tracer get(String instrumentationScopeName) {
      return new BridgeTracer(instrumentationScopeName, null);
    }

    @Override
    public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
      return new BridgeTracer(instrumentationScopeName, instrumentationScopeVersion);
    }

    @Override
    public TracerBuilder tracerBuilder(String instrumentationScopeName) {
      return new TracerBuilder() {
        private String version;

        @Override
        public TracerBuilder setSchemaUrl(String schemaUrl) {
          return this;
        }

        @Override
        public TracerBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
          version = instrumentationScopeVersion;
          return this;
        }

        @Override
        public Tracer build() {
          return new BridgeTracer(instrumentationScopeName, version);
        }
      };
    }
  }

  private record BridgeTracer(String scope, String version) implements Tracer {
    @Override
    public SpanBuilder spanBuilder(String spanName) {
      return new Builder(scope, version, spanName);
    }
  }

  /** Collects the host's settings, then starts the agent span. Links are not carried over. */
  private static final class Builder implements SpanBuilder {
    private final String scope;
    private final String version;
    private final String name;
    private final List<Object[]> attributes = new ArrayList<>();
    private Context parent;
    private boolean noParent;
    private SpanKind kind;
    private long startEpochNanos;

    Builder(String scope, String version, String name) {
      this.scope = scope;
      this.version = version;
      this.name = name;
    }

    @Override
    public SpanBuilder setParent(Context context) {
      parent = context;
      noParent = false;
      return this;
    }

    @Override
    public SpanBuilder setNoParent() {
      noParent = true;
      parent = null;
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext) {
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext, io.opentelemetry.api.common.Attributes attributes) {
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, String value) {
      return setAttribute(io.opentelemetry.api.common.AttributeKey.stringKey(key), value);
    }

    @Override
    public SpanBuilder setAttribute(String key, long value) {
      return setAttribute(io.opentelemetry.api.common.AttributeKey.longKey(key), value);
    }

    @Override
    public SpanBuilder setAttribute(String key, double value) {
      return setAttribute(io.opentelemetry.api.common.AttributeKey.doubleKey(key), value);
    }

    @Override
    public SpanBuilder setAttribute(String key, boolean value) {
      return setAttribute(io.opentelemetry.api.common.AttributeKey.booleanKey(key), value);
    }

    @Override
    public <T> SpanBuilder setAttribute(io.opentelemetry.api.common.AttributeKey<T> key, T value) {
      if (key != null && value != null) {
        attributes.add(new Object[] {key.getKey(), key.getType().name(), value});
      }
      return this;
    }

    @Override
    public SpanBuilder setSpanKind(SpanKind spanKind) {
      kind = spanKind;
      return this;
    }

    @Override
    public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
      startEpochNanos = unit.toNanos(startTimestamp);
      return this;
    }

    @Override
    public Span startSpan() {
      Object agentParent = null;
      if (!noParent) {
        Context p = parent != null ? parent : Context.current();
        agentParent = BridgeContext.toAgent(p, storage());
      }
      return new BridgeSpan(ApiBridge.startSpan(scope, version, name, agentParent,
          kind == null ? null : kind.name(), attributes, startEpochNanos));
    }
  }

  /** The host's storage is the bridge once the agent replaced it; else a fresh one to convert with. */
  static BridgeContextStorage storage() {
    ContextStorage s = ContextStorage.get();
    return s instanceof BridgeContextStorage ? (BridgeContextStorage) s : new BridgeContextStorage();
  }

  /** The agent's propagators, reading and writing the host's carriers. */
  private static final class Propagator implements TextMapPropagator {
    @Override
    public Collection<String> fields() {
      return ApiBridge.propagationFields();
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
      if (setter != null) {
        ApiBridge.inject(BridgeContext.toAgent(context, storage()), (k, v) -> setter.set(carrier, k, v));
      }
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
      if (getter == null) {
        return context;
      }
      BridgeContextStorage storage = storage();
      Object agent = ApiBridge.extract(BridgeContext.toAgent(context, storage), getter.keys(carrier),
          key -> getter.get(carrier, key));
      return new BridgeContext(agent, storage);
    }
  }
}
