package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The agent's side of the bridge from the host's own OpenTelemetry API ({@code io.opentelemetry.*}
 * as the host ships it, any 1.x) to the agent's (docs/telemetry.md, "The host's OpenTelemetry
 * API"). The bridge classes implement the host's interfaces and are defined next to the host's
 * API; they reach the agent only through these static methods, whose signatures name nothing
 * but JDK types: a context, span or scope of the agent travels as an {@code Object}.
 *
 * <p>Attribute values cross as Java values with the host's type name ({@code STRING},
 * {@code LONG}, {@code DOUBLE}, {@code BOOLEAN}, {@code STRING_ARRAY}, ...). Every method is
 * safe to call with telemetry off: spans are then the API's no-op span.
 */
public final class ApiBridge {
  /** The adapter name the module registers its {@link Factory} under. */
  public static final String NAME = "opentelemetry-api";

  /** Makes the bridge objects for one host API (the module: it defines the classes). */
  public interface Factory {
    /** The host's {@code ContextStorage} bridge for the API that {@code anchor} belongs to, or null. */
    Object contextStorage(Class<?> anchor);

    /** The host's {@code OpenTelemetry} bridge for the API that {@code anchor} belongs to, or null. */
    Object openTelemetry(Class<?> anchor);
  }

  private static final ThreadLocal<Boolean> MAKING = new ThreadLocal<>();
  private static final ClassValue<Object[]> STORAGES = new ClassValue<>() {
    @Override
    protected Object[] computeValue(Class<?> type) {
      return new Object[1];
    }
  };
  /** The agent's context key for each key the host's API made ({@code ContextKey} compares by identity). */
  private static final Map<Object, ContextKey<Object>> KEYS = new ConcurrentHashMap<>();

  private ApiBridge() {}

  /**
   * The bridge storage to use instead of {@code original}, the host's own, for the host API
   * whose {@code LazyStorage} is {@code anchor}; {@code null} to keep the original (no bridge
   * module, telemetry off, or while the bridge is being made on this thread).
   */
  public static Object contextStorage(Class<?> anchor, Object original) {
    Object[] slot = STORAGES.get(anchor);
    Object s = slot[0];
    if (s != null) {
      return s;
    }
    Factory f = factory();
    if (f == null || MAKING.get() != null) {
      return null;
    }
    MAKING.set(Boolean.TRUE);
    try {
      s = f.contextStorage(anchor);
      slot[0] = s;
      return s;
    } catch (Throwable e) {
      AgentLog.error("bridge:context", "could not bridge the host's OpenTelemetry context", e);
      return null;
    } finally {
      MAKING.remove();
    }
  }

  /** The bridge {@code OpenTelemetry} for the host API whose {@code GlobalOpenTelemetry} is {@code anchor}, or null. */
  public static Object openTelemetry(Class<?> anchor) {
    Factory f = factory();
    if (f == null) {
      return null;
    }
    try {
      return f.openTelemetry(anchor);
    } catch (Throwable e) {
      AgentLog.error("bridge:global", "could not bridge the host's GlobalOpenTelemetry", e);
      return null;
    }
  }

  private static Factory factory() {
    return Pixtrace.telemetry() == null ? null : Adapters.get(Factory.class, NAME);
  }

  // ---- contexts ----

  /** The agent's current context. */
  public static Object currentContext() {
    return Context.current();
  }

  /** The agent's root context. */
  public static Object rootContext() {
    return Context.root();
  }

  /** Makes the agent context current; returns the scope to {@link #close}. */
  public static Object makeCurrent(Object context) {
    return ((Context) context).makeCurrent();
  }

  /** Closes a scope {@link #makeCurrent} returned. */
  public static void close(Object scope) {
    ((Scope) scope).close();
  }

  /** The value the host stored under its {@code key} in this agent context, or null. */
  public static Object hostValue(Object context, Object key) {
    ContextKey<Object> k = KEYS.get(key);
    return k == null ? null : ((Context) context).get(k);
  }

  /** The agent context with the host's {@code value} under its {@code key} ({@code null} hides an earlier one). */
  public static Object withHostValue(Object context, Object key, Object value) {
    ContextKey<Object> k = KEYS.computeIfAbsent(key, h -> ContextKey.named("host:" + h));
    return ((Context) context).with(k, value);
  }

  /** The agent's span in this context, or null when there is none (the invalid span). */
  public static Object span(Object context) {
    Span s = Span.fromContextOrNull((Context) context);
    return s == null || !s.getSpanContext().isValid() ? null : s;
  }

  /** The agent context with {@code span} (what {@link #span} or {@link #startSpan} returned) as its span. */
  public static Object withSpan(Object context, Object span) {
    return ((Context) context).with((Span) span);
  }

  /**
   * The agent context with a span of another tracer, known only by its ids (a span of the
   * host's own SDK, or one the host extracted or wrapped), as the parent of spans started in it.
   */
  public static Object withRemoteParent(Object context, String traceId, String spanId, byte flags, boolean remote) {
    SpanContext sc = remote
        ? SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.fromByte(flags), TraceState.getDefault())
        : SpanContext.create(traceId, spanId, TraceFlags.fromByte(flags), TraceState.getDefault());
    return sc.isValid() ? ((Context) context).with(Span.wrap(sc)) : context;
  }

  // ---- spans ----

  /**
   * Starts a span of the agent's tracer for the host's instrumentation scope.
   *
   * @param parent the agent context of the parent, or {@code null} for a root span
   * @param kind the host's {@code SpanKind} name
   * @param startEpochNanos the start, or 0 for now
   * @return the agent span
   */
  public static Object startSpan(String scope, String version, String name, Object parent, String kind,
      List<Object[]> attributes, long startEpochNanos) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return Span.getInvalid();
    }
    SpanBuilder b = (version == null ? t.otel.getTracer(scope) : t.otel.getTracer(scope, version)).spanBuilder(name);
    if (parent == null) {
      b.setNoParent();
    } else {
      b.setParent((Context) parent);
    }
    if (kind != null) {
      b.setSpanKind(SpanKind.valueOf(kind));
    }
    for (Object[] a : attributes) {
      setOn(b, (String) a[0], (String) a[1], a[2]);
    }
    if (startEpochNanos > 0) {
      b.setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS);
    }
    return b.startSpan();
  }

  /** The span's trace id, span id, flags and whether it is remote, as {@code {traceId, spanId, flags, remote}}. */
  public static Object[] ids(Object span) {
    SpanContext sc = ((Span) span).getSpanContext();
    return new Object[] {sc.getTraceId(), sc.getSpanId(), sc.getTraceFlags().asByte(), sc.isRemote()};
  }

  /** The span's trace state entries. */
  public static Map<String, String> traceState(Object span) {
    return ((Span) span).getSpanContext().getTraceState().asMap();
  }

  /** Sets one attribute ({@code type}: the host's {@code AttributeType} name). */
  public static void setAttribute(Object span, String key, String type, Object value) {
    AttributeKey<Object> k = key(key, type);
    if (k != null) {
      ((Span) span).setAttribute(k, value);
    }
  }

  /** Adds an event; {@code epochNanos} 0 is now. */
  public static void addEvent(Object span, String name, List<Object[]> attributes, long epochNanos) {
    Attributes a = attributes(attributes);
    if (epochNanos > 0) {
      ((Span) span).addEvent(name, a, epochNanos, TimeUnit.NANOSECONDS);
    } else {
      ((Span) span).addEvent(name, a);
    }
  }

  /** Sets the status ({@code code}: the host's {@code StatusCode} name). */
  public static void setStatus(Object span, String code, String description) {
    ((Span) span).setStatus(StatusCode.valueOf(code), description == null ? "" : description);
  }

  /** Records an exception event. */
  public static void recordException(Object span, Throwable exception, List<Object[]> attributes) {
    ((Span) span).recordException(exception, attributes(attributes));
  }

  /** Renames the span. */
  public static void updateName(Object span, String name) {
    ((Span) span).updateName(name);
  }

  /** Ends the span; {@code epochNanos} 0 is now. */
  public static void end(Object span, long epochNanos) {
    if (epochNanos > 0) {
      ((Span) span).end(epochNanos, TimeUnit.NANOSECONDS);
    } else {
      ((Span) span).end();
    }
  }

  /** Whether the span records. */
  public static boolean isRecording(Object span) {
    return ((Span) span).isRecording();
  }

  // ---- propagation ----

  /** The header names the agent's propagators read and write. */
  public static List<String> propagationFields() {
    Telemetry t = Pixtrace.telemetry();
    return t == null ? List.of() : new ArrayList<>(t.propagator.fields());
  }

  /** Writes the agent context's trace headers through {@code setter}. */
  public static void inject(Object context, BiConsumer<String, String> setter) {
    Telemetry t = Pixtrace.telemetry();
    if (t != null) {
      t.propagator.inject((Context) context, setter, (c, k, v) -> c.accept(k, v));
    }
  }

  /** The agent context with what the agent's propagators read through {@code getter} (keys: all header names). */
  public static Object extract(Object context, Iterable<String> keys, Function<String, String> getter) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return context;
    }
    return t.propagator.extract((Context) context, getter, new TextMapGetter<Function<String, String>>() {
      @Override
      public Iterable<String> keys(Function<String, String> carrier) {
        return keys;
      }

      @Override
      public String get(Function<String, String> carrier, String key) {
        return carrier == null ? null : carrier.apply(key);
      }
    });
  }

  // ---- helpers ----

  private static Attributes attributes(List<Object[]> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Attributes.empty();
    }
    AttributesBuilder b = Attributes.builder();
    for (Object[] a : attributes) {
      AttributeKey<Object> k = key((String) a[0], (String) a[1]);
      if (k != null) {
        b.put(k, a[2]);
      }
    }
    return b.build();
  }

  private static void setOn(SpanBuilder b, String key, String type, Object value) {
    AttributeKey<Object> k = key(key, type);
    if (k != null) {
      b.setAttribute(k, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static AttributeKey<Object> key(String name, String type) {
    AttributeKey<?> k;
    switch (type) {
      case "STRING" -> k = AttributeKey.stringKey(name);
      case "BOOLEAN" -> k = AttributeKey.booleanKey(name);
      case "LONG" -> k = AttributeKey.longKey(name);
      case "DOUBLE" -> k = AttributeKey.doubleKey(name);
      case "STRING_ARRAY" -> k = AttributeKey.stringArrayKey(name);
      case "BOOLEAN_ARRAY" -> k = AttributeKey.booleanArrayKey(name);
      case "LONG_ARRAY" -> k = AttributeKey.longArrayKey(name);
      case "DOUBLE_ARRAY" -> k = AttributeKey.doubleArrayKey(name);
      default -> k = null; // a type this API version does not know: the attribute is left out
    }
    return (AttributeKey<Object>) k;
  }
}
