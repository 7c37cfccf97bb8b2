package io.pixtrace.instrumentation.otelapi;

import io.pixtrace.bootstrap.ApiBridge;
import io.pixtrace.instrumentation.api.ClassLoaderMatchers;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The host's own OpenTelemetry API (any 1.x it ships, not the agent's relocated copy) sees
 * the agent's trace: its context storage is the agent's, so {@code Span.current()} is the
 * agent's current span; {@code GlobalOpenTelemetry.get()}, until the host sets its own,
 * answers tracers whose spans the agent records and exports. A host that builds its own SDK
 * keeps it (docs/telemetry.md, "The host's OpenTelemetry API").
 *
 * <p>The host's API names are written here as {@link #hostName} joins them at run time: the
 * agent's shade pass relocates every {@code io.opentelemetry} name it finds in a class,
 * string constants included, and these must stay the host's.
 */
public final class OpenTelemetryApiModule implements InstrumentationModule {
  /** The module's name, under which its {@link HostApiBridges} factory is registered. */
  public static final String NAME = ApiBridge.NAME;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.HOST_API;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassNamed(hostName("context.ContextStorage"));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new HostApiInstrumentation(hostName("context.LazyStorage"), "get", LazyStorageAdvice.class),
        new HostApiInstrumentation(hostName("api.GlobalOpenTelemetry"), "get", GlobalOpenTelemetryAdvice.class),
        new HostApiInstrumentation(hostName("api.GlobalOpenTelemetry"), "getOrNoop", GlobalOpenTelemetryAdvice.class));
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(NAME, new HostApiBridges());
  }

  /** {@code io.opentelemetry.} plus {@code rest}, joined at run time (see the class comment). */
  static String hostName(String rest) {
    return String.join(".", "io", "opentelemetry", rest);
  }
}
