package io.pixtrace.bootstrap;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
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
  /** The logs bridge the host's log records go to ({@link LogStage}); one logger per logger name. */
  final LoggerProvider logs;
  volatile boolean queueSpans = true;
  private volatile String[] skipExact = new String[0];
  private volatile String[] skipPrefixes = new String[0];

  private Telemetry(OpenTelemetry otel, String version, boolean propagateExternal, UrlRedactor redactor) {
    this.tracer = otel.getTracer(SCOPE, version);
    this.propagator = otel.getPropagators().getTextMapPropagator();
    Meter meter = otel.getMeter(SCOPE);
    this.metrics = new StageMetrics(meter);
    this.propagateExternal = propagateExternal;
    this.redactor = redactor;
    this.logs = otel.getLogsBridge();
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

  /**
   * Request paths never traced nor counted (KrakenD's {@code skip_paths}): exact paths, or
   * prefixes written with a trailing {@code *}.
   */
  public Telemetry skipPaths(java.util.List<String> paths) {
    java.util.List<String> exact = new java.util.ArrayList<>();
    java.util.List<String> prefixes = new java.util.ArrayList<>();
    for (String p : paths) {
      if (p.endsWith("*")) {
        prefixes.add(p.substring(0, p.length() - 1));
      } else {
        exact.add(p);
      }
    }
    skipExact = exact.toArray(new String[0]);
    skipPrefixes = prefixes.toArray(new String[0]);
    return this;
  }

  /**
   * {@code IMGPROXY_OPEN_TELEMETRY_DISABLE=queue}: no {@code queue} spans nor queue durations;
   * tasks still carry the request's context, so their downloads and processing stay traced.
   */
  public Telemetry withoutQueueSpans() {
    queueSpans = false;
    return this;
  }

  boolean skips(String path) {
    if (path == null) {
      return false;
    }
    for (String e : skipExact) {
      if (e.equals(path)) {
        return true;
      }
    }
    for (String p : skipPrefixes) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The metrics, for gauges that the agent registers beside the stage metrics. */
  public StageMetrics metrics() {
    return metrics;
  }
}
