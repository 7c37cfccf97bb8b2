package io.pixtrace.bootstrap;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The telemetry the stages record into: a tracer, the propagators, the imgproxy metrics and
 * the few settings the stages obey. Immutable; built once by the agent from its settings.
 */
public final class Telemetry {
  /** Instrumentation scope name of every span and metric Pixtrace makes. */
  public static final String SCOPE = "io.pixtrace";

  final Tracer tracer;
  final TextMapPropagator propagator;
  final StageMetrics metrics;
  final boolean propagateExternal;
  final UrlRedactor redactor;

  private Telemetry(OpenTelemetry otel, String version, boolean propagateExternal, UrlRedactor redactor) {
    this.tracer = otel.getTracer(SCOPE, version);
    this.propagator = otel.getPropagators().getTextMapPropagator();
    Meter meter = otel.getMeter(SCOPE);
    this.metrics = new StageMetrics(meter);
    this.propagateExternal = propagateExternal;
    this.redactor = redactor;
  }

  /**
   * Builds the stage telemetry on an OpenTelemetry instance.
   *
   * @param otel the SDK (or any API implementation)
   * @param version the agent version, recorded as the instrumentation scope version
   * @param propagateExternal whether outgoing downloads carry trace headers
   *     ({@code IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL})
   * @param redactor how URLs are cleaned before they become attributes
   */
  public static Telemetry create(
      OpenTelemetry otel, String version, boolean propagateExternal, UrlRedactor redactor) {
    return new Telemetry(otel, version, propagateExternal, redactor);
  }

  /** The metrics, for gauges that the agent registers beside the stage metrics. */
  public StageMetrics metrics() {
    return metrics;
  }
}
