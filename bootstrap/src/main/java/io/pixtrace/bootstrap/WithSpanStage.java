package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The host's own {@code @WithSpan} methods ({@code io.opentelemetry.instrumentation.annotations},
 * the host's dependency, read by name through reflection): a span in the request's trace,
 * named and shaped as the OpenTelemetry Java agent does it — the annotation's {@code value},
 * else {@code SimpleClassName.method}; its {@code kind} (INTERNAL by default); each
 * {@code @SpanAttribute} parameter as an attribute (named by the annotation's value, else by
 * the parameter's name when compiled with {@code -parameters}); a thrown exception recorded
 * with status ERROR. The span is current while the method runs, so downloads and processing
 * it does nest under it. A method returning a {@link CompletionStage} ends its span when the
 * stage completes. Only while a request is in flight.
 */
public final class WithSpanStage {
  // Built at run time: the agent build relocates io.opentelemetry names in string constants.
  private static final String ANNOTATIONS = String.join(".", "io", "opentelemetry", "instrumentation", "annotations");
  /** {@code io.opentelemetry.instrumentation.annotations.WithSpan}. */
  public static final String WITH_SPAN = ANNOTATIONS + ".WithSpan";
  /** {@code io.opentelemetry.instrumentation.annotations.SpanAttribute}. */
  public static final String SPAN_ATTRIBUTE = ANNOTATIONS + ".SpanAttribute";

  private static final ClassValue<ConcurrentHashMap<String, Shape>> SHAPES = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<String, Shape> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private WithSpanStage() {}

  /** What the annotations of one method say, read once. */
  static final class Shape {
    final String name;
    final SpanKind kind;
    final boolean inheritContext;
    /** Attribute name per parameter, {@code null} where the parameter is not an attribute. */
    final String[] attributes;

    Shape(String name, SpanKind kind, boolean inheritContext, String[] attributes) {
      this.name = name;
      this.kind = kind;
      this.inheritContext = inheritContext;
      this.attributes = attributes;
    }
  }

  /** One annotated call in flight. */
  static final class Call {
    final RequestState state;
    final Span span;
    final Scope scope;

    Call(RequestState state, Span span, Scope scope) {
      this.state = state;
      this.span = span;
      this.scope = scope;
    }
  }

  /**
   * An annotated method starts; the handle goes to {@link #end}. {@code args} may be
   * {@code null} for methods without {@code @SpanAttribute} parameters.
   *
   * @param type the declaring class
   * @param method the method's name
   * @param descriptor its JVM descriptor, e.g. {@code (Ljava/lang/String;I)[B}
   */
  public static Object start(Class<?> type, String method, String descriptor, Object[] args) {
    Telemetry t = Pixtrace.telemetry();
    if (t == null) {
      return null;
    }
    try {
      RequestState state = RequestState.current();
      if (state == null) {
        return null;
      }
      Shape shape = shape(type, method, descriptor);
      if (shape == null) {
        return null;
      }
      long now = System.nanoTime();
      Context parent = Context.current();
      SpanBuilder builder = t.tracer.spanBuilder(shape.name)
          .setSpanKind(shape.kind)
          .setStartTimestamp(state.toEpochNanos(now), TimeUnit.NANOSECONDS);
      if (shape.inheritContext) {
        builder.setParent(parent);
      } else {
        builder.setNoParent();
      }
      if (args != null) {
        for (int i = 0; i < shape.attributes.length && i < args.length; i++) {
          if (shape.attributes[i] != null && args[i] != null) {
            setAttribute(builder, shape.attributes[i], args[i]);
          }
        }
      }
      Span span = builder.startSpan();
      return new Call(state, span, parent.with(span).makeCurrent());
    } catch (Throwable e) {
      AgentLog.error("stage:with-span", "could not start a @WithSpan span", e);
      return null;
    }
  }

  /** The annotated method returned {@code returned} or threw {@code thrown}. */
  public static void end(Object handle, Object returned, Throwable thrown) {
    if (!(handle instanceof Call)) {
      return;
    }
    Call call = (Call) handle;
    try {
      call.scope.close();
      if (thrown == null && returned instanceof CompletionStage) {
        ((CompletionStage<?>) returned).whenComplete((value, error) -> finish(call, error == null ? null : Errors.unwrap(error)));
        return;
      }
      finish(call, thrown);
    } catch (Throwable e) {
      AgentLog.error("stage:with-span", "could not end a @WithSpan span", e);
    }
  }

  private static void finish(Call call, Throwable thrown) {
    try {
      if (thrown != null) {
        call.span.setStatus(StatusCode.ERROR, String.valueOf(thrown.getMessage()));
        call.span.recordException(thrown);
      }
      call.span.end(call.state.toEpochNanos(call.state.clampToEnd(System.nanoTime())), TimeUnit.NANOSECONDS);
    } catch (Throwable e) {
      AgentLog.error("stage:with-span", "could not end a @WithSpan span", e);
    }
  }

  static Shape shape(Class<?> type, String method, String descriptor) {
    ConcurrentHashMap<String, Shape> byMethod = SHAPES.get(type);
    String key = method + descriptor;
    Shape s = byMethod.get(key);
    if (s == null) {
      s = read(type, method, descriptor);
      byMethod.put(key, s == null ? NONE : s);
    }
    return s == NONE ? null : s;
  }

  private static final Shape NONE = new Shape("", SpanKind.INTERNAL, true, new String[0]);

  /** Reads the annotations of the method by reflection, or {@code null} when it has none. */
  private static Shape read(Class<?> type, String method, String descriptor) {
    for (Method m : type.getDeclaredMethods()) {
      if (!m.getName().equals(method)
          || !MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
        continue;
      }
      Annotation withSpan = annotation(m.getAnnotations(), WITH_SPAN);
      if (withSpan == null) {
        return null;
      }
      String name = string(withSpan, "value");
      if (name == null || name.isEmpty()) {
        name = simpleName(type) + "." + method;
      }
      SpanKind kind = SpanKind.INTERNAL;
      Object k = value(withSpan, "kind");
      if (k instanceof Enum) {
        try {
          kind = SpanKind.valueOf(((Enum<?>) k).name());
        } catch (IllegalArgumentException unknown) {
          kind = SpanKind.INTERNAL;
        }
      }
      Object inherit = value(withSpan, "inheritContext");
      Parameter[] params = m.getParameters();
      Annotation[][] paramAnnotations = m.getParameterAnnotations();
      String[] attributes = new String[params.length];
      for (int i = 0; i < params.length; i++) {
        Annotation a = annotation(paramAnnotations[i], SPAN_ATTRIBUTE);
        if (a == null) {
          continue;
        }
        String attr = string(a, "value");
        if ((attr == null || attr.isEmpty()) && params[i].isNamePresent()) {
          attr = params[i].getName();
        }
        attributes[i] = attr == null || attr.isEmpty() ? null : attr;
      }
      return new Shape(name, kind, !Boolean.FALSE.equals(inherit), attributes);
    }
    return null;
  }

  private static Annotation annotation(Annotation[] annotations, String typeName) {
    for (Annotation a : annotations) {
      if (a.annotationType().getName().equals(typeName)) {
        return a;
      }
    }
    return null;
  }

  private static Object value(Annotation a, String element) {
    try {
      Method m = a.annotationType().getMethod(element);
      m.setAccessible(true);
      return m.invoke(a);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // an older annotation version without this element
    }
  }

  private static String string(Annotation a, String element) {
    Object v = value(a, element);
    return v instanceof String ? (String) v : null;
  }

  /** The class name after the package, as the OpenTelemetry agent names spans ({@code Outer$Inner}). */
  static String simpleName(Class<?> type) {
    String n = type.getName();
    return n.substring(n.lastIndexOf('.') + 1);
  }

  private static void setAttribute(SpanBuilder builder, String name, Object value) {
    if (value instanceof String) {
      builder.setAttribute(name, (String) value);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      builder.setAttribute(name, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      builder.setAttribute(name, ((Number) value).doubleValue());
    } else if (value instanceof Boolean) {
      builder.setAttribute(name, (Boolean) value);
    } else {
      builder.setAttribute(AttributeKey.stringKey(name), String.valueOf(value));
    }
  }
}
