package io.pixtrace.bootstrap;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.List;

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
  final boolean queueSpans;
  private final String[] skipExact;
  private final String[] skipPrefixes;

  private Telemetry(Builder b) {
    this.tracer = b.otel.getTracer(SCOPE, b.version);
    this.propagator = b.otel.getPropagators().getTextMapPropagator();
    Meter meter = b.otel.getMeter(SCOPE);
    this.metrics = new StageMetrics(meter);
    this.propagateExternal = b.propagateExternal;
    this.redactor = b.redactor;
    this.logs = b.otel.getLogsBridge();
    this.queueSpans = b.queueSpans;
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (String p : b.skipPaths) {
      if (p.endsWith("*")) {
        prefixes.add(p.substring(0, p.length() - 1));
      } else {
        exact.add(p);
      }
    }
    this.skipExact = exact.toArray(new String[0]);
    this.skipPrefixes = prefixes.toArray(new String[0]);
  }

  /** Starts building the stage telemetry on an OpenTelemetry instance (the SDK, or any API implementation). */
  public static Builder builder(OpenTelemetry otel) {
    return new Builder(otel);
  }

  /** The settings the stages obey; each defaults to what the agent does with nothing set. */
  public static final class Builder {
    private final OpenTelemetry otel;
    private String version = "unknown";
    private boolean propagateExternal;
    private UrlRedactor redactor = UrlRedactor.of(UrlRedactor.DEFAULT_NAMES);
    private List<String> skipPaths = List.of();
    private boolean queueSpans = true;

    private Builder(OpenTelemetry otel) {
      this.otel = otel;
    }

    /** The agent version, recorded as the instrumentation scope version. */
    public Builder version(String value) {
      version = value;
      return this;
    }

    /** Whether outgoing downloads carry trace headers ({@code IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL}). */
    public Builder propagateExternal(boolean value) {
      propagateExternal = value;
      return this;
    }

    /** How URLs are cleaned before they become attributes. */
    public Builder redactor(UrlRedactor value) {
      redactor = value;
      return this;
    }

    /**
     * Request paths never traced nor counted (KrakenD's {@code skip_paths}): exact paths, or
     * prefixes written with a trailing {@code *}.
     */
    public Builder skipPaths(List<String> paths) {
      skipPaths = List.copyOf(paths);
      return this;
    }

    /**
     * {@code false} for {@code IMGPROXY_OPEN_TELEMETRY_DISABLE=queue}: no {@code queue} spans
     * nor queue durations; tasks still carry the request's context, so their downloads and
     * processing stay traced.
     */
    public Builder queueSpans(boolean value) {
      queueSpans = value;
      return this;
    }

    /** The immutable telemetry, to install through {@link Pixtrace.Control#install}. */
    public Telemetry build() {
      return new Telemetry(this);
    }
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
}
