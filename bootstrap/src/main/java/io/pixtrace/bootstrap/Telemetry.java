package io.pixtrace.bootstrap;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The telemetry the stages record into: a tracer, the propagators, the imgproxy metrics and
 * the few settings the stages obey. Immutable; built once by the agent from its settings.
 */
public final class Telemetry {
  /** Instrumentation scope name of every span and metric Pixtrace makes. */
  public static final String SCOPE = "io.pixtrace";
  /** The default response timeout: 60 seconds. */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  final Tracer tracer;
  /** The agent's OpenTelemetry, for the host API bridge's tracers ({@link ApiBridge}). */
  final OpenTelemetry otel;
  final TextMapPropagator propagator;
  final StageMetrics metrics;
  final boolean propagateExternal;
  final UrlRedactor redactor;
  /** The logs bridge the host's log records go to ({@link LogStage}); one logger per logger name. */
  final LoggerProvider logs;
  final boolean queueSpans;
  /** Whether events of the host's logging libraries get the current span's ids ({@link LogCorrelation}). */
  final boolean logCorrelation;
  /** Request header names to record (lower case), and their span attribute keys. */
  final String[] headerNames;
  final AttributeKey<List<String>>[] headerKeys;
  /** How long a response may take after its entry call returned before it is ended as incomplete. */
  final long responseTimeoutNanos;
  private final String[] skipExact;
  private final String[] skipPrefixes;

  private Telemetry(Builder b) {
    this.tracer = b.otel.getTracer(SCOPE, b.version);
    this.otel = b.otel;
    this.propagator = b.otel.getPropagators().getTextMapPropagator();
    Meter meter = b.otel.getMeter(SCOPE);
    this.metrics = new StageMetrics(meter, b.workers);
    if (b.poolGauges) {
      ExecutorPools.observe(meter);
    }
    this.propagateExternal = b.propagateExternal;
    this.redactor = b.redactor;
    this.logs = b.otel.getLogsBridge();
    this.queueSpans = b.queueSpans;
    this.logCorrelation = b.logCorrelation;
    this.headerNames = b.captureRequestHeaders.toArray(new String[0]);
    @SuppressWarnings("unchecked")
    AttributeKey<List<String>>[] keys = new AttributeKey[headerNames.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = AttributeKey.stringArrayKey("http.request.header." + headerNames[i]);
    }
    this.headerKeys = keys;
    this.responseTimeoutNanos = b.responseTimeout.toNanos();
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

  /** imgproxy's default number of workers: twice the available processors. */
  public static int defaultWorkers() {
    return Runtime.getRuntime().availableProcessors() * 2;
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
    private boolean logCorrelation;
    private List<String> captureRequestHeaders = List.of();
    private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    private int workers = defaultWorkers();
    private boolean poolGauges = true;

    private Builder(OpenTelemetry otel) {
      this.otel = otel;
    }

    /**
     * imgproxy's {@code workers}: how many images the service processes at once
     * ({@code IMGPROXY_WORKERS}), the denominator of {@code workers_utilization}. Default:
     * imgproxy's, twice the available processors.
     *
     * @throws IllegalArgumentException if {@code value} is below 1
     */
    public Builder workers(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + value);
      }
      workers = value;
      return this;
    }

    /**
     * Whether the host's thread pools get the {@code jvm.executor.*} gauges ({@link
     * ExecutorPools}); {@code false} for {@code IMGPROXY_OPEN_TELEMETRY_DISABLE=runtime-metrics},
     * which turns off every {@code jvm.*} metric. Default {@code true}.
     */
    public Builder poolGauges(boolean value) {
      poolGauges = value;
      return this;
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

    /**
     * Request headers to record on the request span, as semconv's
     * {@code http.request.header.<name>} (a one-element string array, the first value), from
     * {@code IMGPROXY_OPEN_TELEMETRY_CAPTURE_REQUEST_HEADERS}; names in lower case. Default none.
     */
    public Builder captureRequestHeaders(List<String> names) {
      captureRequestHeaders = List.copyOf(names);
      return this;
    }

    /**
     * {@code true}: while a span is current, the host's Logback and Log4j 2 events carry its ids
     * ({@link LogCorrelation}); the agent sets it when spans are exported and the
     * {@code log-correlation} layer is on. Default {@code false}.
     */
    public Builder logCorrelation(boolean value) {
      logCorrelation = value;
      return this;
    }

    /**
     * How long a response that is produced after its entry call returned (an async handler)
     * may take before its request is ended as incomplete
     * ({@code IMGPROXY_OPEN_TELEMETRY_RESPONSE_TIMEOUT}); default {@link #DEFAULT_RESPONSE_TIMEOUT}.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder responseTimeout(Duration value) {
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("response timeout must be positive: " + value);
      }
      responseTimeout = value;
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
