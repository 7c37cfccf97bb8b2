package io.pixtrace.agent.sdk;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * Hands bundled OpenTelemetry libraries (the runtime metrics) an OpenTelemetry whose meters
 * carry their real instrumentation scope names: relocating the libraries under
 * {@code io.pixtrace.shaded} also rewrote their scope-name constants, and users look for
 * {@code io.opentelemetry.runtime-telemetry}, not the agent's package.
 */
public final class UnshadedScopes implements OpenTelemetry {
  private static final String SHADED = UnshadedScopes.class.getPackageName()
      .substring(0, UnshadedScopes.class.getPackageName().indexOf(".agent.")) + ".shaded.";

  private final OpenTelemetry delegate;

  private UnshadedScopes(OpenTelemetry delegate) {
    this.delegate = delegate;
  }

  /** Wraps the SDK for a bundled library. */
  public static OpenTelemetry of(OpenTelemetry delegate) {
    return new UnshadedScopes(delegate);
  }

  static String unshade(String scope) {
    return scope != null && scope.startsWith(SHADED) ? scope.substring(SHADED.length()) : scope;
  }

  @Override
  public TracerProvider getTracerProvider() {
    return delegate.getTracerProvider();
  }

  @Override
  public MeterProvider getMeterProvider() {
    MeterProvider meters = delegate.getMeterProvider();
    return new MeterProvider() {
      @Override
      public MeterBuilder meterBuilder(String instrumentationScopeName) {
        return meters.meterBuilder(unshade(instrumentationScopeName));
      }
    };
  }

  @Override
  public ContextPropagators getPropagators() {
    return delegate.getPropagators();
  }
}
