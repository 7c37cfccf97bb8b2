package io.pixtrace.agent.config;

import static io.pixtrace.agent.config.Variables.ALL;
import static io.pixtrace.agent.config.Variables.CLIENT_CERT;
import static io.pixtrace.agent.config.Variables.CLIENT_KEY;
import static io.pixtrace.agent.config.Variables.OTEL_ENABLED;
import static io.pixtrace.agent.config.Variables.OTEL_EXPORT_ENABLED;
import static io.pixtrace.agent.config.Variables.OTEL_PROMETHEUS_ENDPOINT;
import static io.pixtrace.agent.config.Variables.OTEL_SDK_DISABLED;
import static io.pixtrace.agent.config.Variables.PROMETHEUS_BIND;

import io.pixtrace.bootstrap.UrlRedactor;
import io.pixtrace.instrumentation.api.Layer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pixtrace's configuration: every variable of {@link Variables} parsed once, at start, into an
 * immutable, typed value, plus whether the agent turns on (docs/configuration.md, "When the
 * agent turns on"). A malformed value adds an {@link #errors() error} naming the variable, the
 * value (secrets masked) and what is allowed, and the bad part is left out. The standard
 * {@code OTEL_*} variables are read by the SDK's autoconfiguration; {@link OtelProperties}
 * puts the {@code IMGPROXY_*} ones above them.
 */
public final class Settings {
  /** The export protocols imgproxy documents, plus {@code console} for people. */
  public enum Protocol {
    /** OTLP over gRPC. */
    GRPC,
    /** OTLP/HTTP protobuf over TLS. */
    HTTPS,
    /** OTLP/HTTP protobuf, plaintext. */
    HTTP,
    /** Each finished trace printed to standard error as a tree (no collector). */
    CONSOLE
  }

  /** The trace id generators imgproxy 4.x offers. */
  public enum IdGenerator {
    /** Random 16-byte ids (the SDK's). */
    RANDOM,
    /** X-Ray-compatible ids: the first 4 bytes are the epoch second. */
    XRAY
  }

  private final Map<Variable<?>, Variable.Reading<?>> readings;
  private final List<String> errors;
  private final String offReason;
  private final boolean pullOnly;

  private Settings(Map<Variable<?>, Variable.Reading<?>> readings, String offReason, boolean pullOnly) {
    this.readings = Collections.unmodifiableMap(readings);
    List<String> all = new ArrayList<>();
    readings.values().forEach(r -> all.addAll(r.errors()));
    this.errors = List.copyOf(all);
    this.offReason = offReason;
    this.pullOnly = pullOnly;
  }

  /**
   * Reads every variable of {@link Variables} from {@code env} ({@code -Dotel.sdk.disabled} and
   * {@code -Dotel.*.exporter} count too when the variable is unset, as the SDK reads them).
   */
  public static Settings read(Map<String, String> env) {
    Map<Variable<?>, Variable.Reading<?>> r = new LinkedHashMap<>();
    for (Variable<?> v : ALL) {
      r.put(v, v.read(env));
    }
    // mTLS needs both halves: one alone is reported (after CLIENT_KEY's own errors) and both are off.
    String cert = value(r, CLIENT_CERT);
    String key = value(r, CLIENT_KEY);
    if ((cert == null) != (key == null)) {
      r.put(CLIENT_KEY, reading(r, CLIENT_KEY).off((cert == null ? CLIENT_KEY.name() + " is set without " + CLIENT_CERT.name()
          : CLIENT_CERT.name() + " is set without " + CLIENT_KEY.name())
          + ": mTLS needs both (PEM content or file paths); client authentication is off"));
      if (cert != null) {
        r.put(CLIENT_CERT, reading(r, CLIENT_CERT).unused(CLIENT_KEY.name() + " is missing or bad; mTLS needs both", null));
      }
    }
    if (value(r, Variables.SENSITIVE_QUERY_PARAMS_REPLACE) && value(r, Variables.SENSITIVE_QUERY_PARAMS).isEmpty()) {
      r.put(Variables.SENSITIVE_QUERY_PARAMS_REPLACE, reading(r, Variables.SENSITIVE_QUERY_PARAMS_REPLACE).withError(
          Variables.SENSITIVE_QUERY_PARAMS_REPLACE.name() + "=true but " + Variables.SENSITIVE_QUERY_PARAMS.name()
              + " holds no valid name: the default names stay redacted", true));
    }
    // A batch larger than the queue: the SDK would shrink it with a warning of its own.
    batchWithinQueue(r, Variables.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, Variables.OTEL_BSP_MAX_QUEUE_SIZE);
    batchWithinQueue(r, Variables.OTEL_BLRP_MAX_EXPORT_BATCH_SIZE, Variables.OTEL_BLRP_MAX_QUEUE_SIZE);
    if (reading(r, PROMETHEUS_BIND).set() && reading(r, OTEL_PROMETHEUS_ENDPOINT).set()) {
      r.put(OTEL_PROMETHEUS_ENDPOINT, reading(r, OTEL_PROMETHEUS_ENDPOINT).unused(PROMETHEUS_BIND.name() + " is set", null));
    }
    // The master switches are checked in order; a later one is not read once an earlier one is off.
    List<Variable<Boolean>> switches = List.of(OTEL_SDK_DISABLED, OTEL_ENABLED, OTEL_EXPORT_ENABLED);
    for (Variable<Boolean> s : switches) {
      boolean offValue = s == OTEL_SDK_DISABLED;
      if (value(r, s) == offValue) {
        for (Variable<Boolean> later : switches.subList(switches.indexOf(s) + 1, switches.size())) {
          if (reading(r, later).set()) {
            r.put(later, reading(r, later).unused(s.name() + " turns telemetry off first", later.fallback()));
          }
        }
        return new Settings(r, "telemetry is off: " + s.name() + "=" + offValue, false);
      }
    }
    if (!value(r, Variables.ENDPOINT).isEmpty() || value(r, Variables.ENABLE) || value(r, Variables.PROTOCOL) == Protocol.CONSOLE
        || "true".equalsIgnoreCase(reading(r, OTEL_ENABLED).text())
        || "true".equalsIgnoreCase(reading(r, OTEL_EXPORT_ENABLED).text())
        || exporterChosen(r, Variables.OTEL_TRACES_EXPORTER) || exporterChosen(r, Variables.OTEL_METRICS_EXPORTER)
        || exporterChosen(r, Variables.OTEL_LOGS_EXPORTER)) {
      return new Settings(r, null, false);
    }
    if (prometheusBind(r) != null) {
      // Pull only (ivatar's development set-up): metrics on /metrics, nothing pushed anywhere.
      return new Settings(r, null, true);
    }
    return new Settings(r, "telemetry is off: set IMGPROXY_OPEN_TELEMETRY_ENDPOINT=host:port (or"
        + " IMGPROXY_OPEN_TELEMETRY_ENABLE=true with OTEL_EXPORTER_OTLP_ENDPOINT, or"
        + " IMGPROXY_OPEN_TELEMETRY_PROTOCOL=console) to turn it on", false);
  }

  private static void batchWithinQueue(Map<Variable<?>, Variable.Reading<?>> r, Variable<Integer> batch, Variable<Integer> queue) {
    Variable.Reading<Integer> read = reading(r, batch);
    int q = value(r, queue);
    if (read.set() && read.value() > q) {
      r.put(batch, read.withError(batch.name() + "=\"" + read.text() + "\" is larger than " + queue.name()
          + " (" + q + "): a batch is at most the queue; using " + q, q));
    }
  }

  private static boolean exporterChosen(Map<Variable<?>, Variable.Reading<?>> r, Variable<String> exporter) {
    String v = value(r, exporter);
    return v != null && !v.isBlank() && !v.trim().equalsIgnoreCase("none");
  }

  private static String prometheusBind(Map<Variable<?>, Variable.Reading<?>> r) {
    return reading(r, PROMETHEUS_BIND).set() ? value(r, PROMETHEUS_BIND) : value(r, OTEL_PROMETHEUS_ENDPOINT);
  }

  @SuppressWarnings("unchecked")
  private static <T> Variable.Reading<T> reading(Map<Variable<?>, Variable.Reading<?>> r, Variable<T> v) {
    return (Variable.Reading<T>) r.get(v);
  }

  private static <T> T value(Map<Variable<?>, Variable.Reading<?>> r, Variable<T> v) {
    return reading(r, v).value();
  }

  /** The typed value of {@code variable}: parsed, its fallback when unset or bad, or null when turned off. */
  public <T> T get(Variable<T> variable) {
    return value(readings, variable);
  }

  /** What {@code variable} held: the text given, its source, its errors. */
  public <T> Variable.Reading<T> reading(Variable<T> variable) {
    return reading(readings, variable);
  }

  /** Whether {@code variable} was given a value (even a bad one). */
  public boolean isSet(Variable<?> variable) {
    return readings.get(variable).set();
  }

  /** Whether the agent should install anything at all. */
  public boolean enabled() {
    return offReason == null;
  }

  /** Why the agent is off and how to turn it on (one log line), or null when on. */
  public String offReason() {
    return offReason;
  }

  /** Only {@code IMGPROXY_PROMETHEUS_BIND} turns the agent on: metrics pulled, nothing pushed. */
  boolean pullOnly() {
    return pullOnly;
  }

  /** Problems found, one line each, in {@link Variables} order: variable, value (secrets masked), what is allowed. */
  public List<String> errors() {
    return errors;
  }

  /** {@code IMGPROXY_OPEN_TELEMETRY_STRICT}: a bad variable stops the JVM at start. */
  public boolean strict() {
    return get(Variables.STRICT);
  }

  /** Whether the host's log records are exported ({@code IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS}). */
  public boolean logs() {
    return get(Variables.ENABLE_LOGS);
  }

  /** Whether outgoing downloads carry trace headers ({@code ..._PROPAGATE_EXTERNAL}). */
  public boolean propagateExternal() {
    return get(Variables.PROPAGATE_EXTERNAL);
  }

  /** The collectors of {@code IMGPROXY_OPEN_TELEMETRY_ENDPOINT} ({@code host:port}, in order); empty when any is bad. */
  public List<String> endpoints() {
    return get(Variables.ENDPOINT);
  }

  /** The chosen protocol. */
  public Protocol protocol() {
    return get(Variables.PROTOCOL);
  }

  /** Layers switched off by {@code IMGPROXY_OPEN_TELEMETRY_DISABLE}. */
  public Set<Layer> disabledLayers() {
    return get(Variables.DISABLE);
  }

  /** Export connect timeout ({@code IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT}, whole seconds). */
  public Duration connectionTimeout() {
    return get(Variables.CONNECTION_TIMEOUT);
  }

  /** PEM text of the collector's CA/certificate, a literal {@code \n} read as newline, or null. */
  public String serverCert() {
    return get(Variables.SERVER_CERT);
  }

  /** PEM text of the mTLS client certificate, or null (also when the key is missing). */
  public String clientCert() {
    return get(CLIENT_CERT);
  }

  /** PEM text of the mTLS client key, or null (also when the certificate is missing). */
  public String clientKey() {
    return get(CLIENT_KEY);
  }

  /**
   * The host's own methods traced as stages ({@code ..._DOWNLOAD_METHODS},
   * {@code ..._QUEUE_METHODS}, {@code ..._PROCESSING_METHODS}): stage to {@code class#method}
   * entries, only the stages that have some.
   */
  public Map<Layer, List<String>> stageMethods() {
    Map<Layer, List<String>> methods = new EnumMap<>(Layer.class);
    Variables.STAGE_METHODS.forEach((stage, variable) -> {
      if (!get(variable).isEmpty()) {
        methods.put(stage, get(variable));
      }
    });
    return Collections.unmodifiableMap(methods);
  }

  /** Extra export headers ({@code IMGPROXY_OPEN_TELEMETRY_HEADERS}); values are secrets. */
  public Map<String, String> headers() {
    return get(Variables.HEADERS);
  }

  /** Batch export delay ({@code IMGPROXY_OPEN_TELEMETRY_THROTTLE}). */
  public Duration throttle() {
    return get(Variables.THROTTLE);
  }

  /** Whether full export queues drop (true) or make request threads wait a bounded time. */
  public boolean lossy() {
    return get(Variables.LOSSY);
  }

  /** How long an async response may take ({@code IMGPROXY_OPEN_TELEMETRY_RESPONSE_TIMEOUT}). */
  public Duration responseTimeout() {
    return get(Variables.RESPONSE_TIMEOUT);
  }

  /**
   * Request header names (lower case) recorded on the request span:
   * {@code IMGPROXY_OPEN_TELEMETRY_CAPTURE_REQUEST_HEADERS}, else the OpenTelemetry Java agent's
   * {@code OTEL_INSTRUMENTATION_HTTP_SERVER_CAPTURE_REQUEST_HEADERS}; none by default.
   */
  public List<String> captureRequestHeaders() {
    return isSet(Variables.CAPTURE_REQUEST_HEADERS) ? get(Variables.CAPTURE_REQUEST_HEADERS)
        : get(Variables.OTEL_CAPTURE_REQUEST_HEADERS);
  }

  /**
   * imgproxy's {@code workers} ({@code IMGPROXY_WORKERS}): images processed at once, or
   * {@code null} for imgproxy's default (twice the available processors).
   */
  public Integer workers() {
    return get(Variables.WORKERS);
  }

  /**
   * {@code IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_RATIO}: the share, 0 to 1, of requests that
   * are neither errors nor slow whose traces are kept; {@code null} (the default): no tail
   * sampling, every trace the SDK's sampler records is exported.
   */
  public Double tailSamplingRatio() {
    return get(Variables.TAIL_SAMPLING_RATIO);
  }

  /** {@code IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_SLOW}: requests at least this slow are kept (default 1 s). */
  public Duration tailSamplingSlow() {
    return get(Variables.TAIL_SAMPLING_SLOW);
  }

  /** {@code IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_RATE_LIMIT}: traces kept by the ratio per second, 0 for no limit. */
  public int tailSamplingRateLimit() {
    Integer n = get(Variables.TAIL_SAMPLING_RATE_LIMIT);
    return n == null ? 0 : n;
  }

  /** Request paths never traced nor counted ({@code IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS}). */
  public List<String> skipPaths() {
    return get(Variables.SKIP_PATHS);
  }

  /**
   * Query parameter names whose values are redacted: {@link UrlRedactor#DEFAULT_NAMES} plus the
   * configured ones; only the configured ones with {@code ..._SENSITIVE_QUERY_PARAMS_REPLACE=true}
   * and at least one valid name given (a list that is all errors never leaves URLs unredacted).
   */
  public List<String> sensitiveQueryParams() {
    List<String> configured = get(Variables.SENSITIVE_QUERY_PARAMS);
    if (get(Variables.SENSITIVE_QUERY_PARAMS_REPLACE) && !configured.isEmpty()) {
      return configured;
    }
    List<String> names = new ArrayList<>(UrlRedactor.DEFAULT_NAMES);
    names.addAll(configured);
    return List.copyOf(names);
  }

  /** Whether trace ids are X-Ray-compatible ({@code ..._TRACE_ID_GENERATOR=xray}). */
  public boolean xrayIds() {
    return get(Variables.TRACE_ID_GENERATOR) == IdGenerator.XRAY;
  }

  /** {@code host:port} of the Prometheus pull endpoint ({@code IMGPROXY_PROMETHEUS_BIND}, else ivatar's name), or null. */
  public String prometheusBind() {
    return prometheusBind(readings);
  }

  /** Prefix for every metric name on the Prometheus endpoint, or null. */
  public String prometheusNamespace() {
    return get(Variables.PROMETHEUS_NAMESPACE);
  }

  /** Every variable of {@link Variables}, in order, with the text it was given (null when unset). */
  public Map<String, String> variablesRead() {
    Map<String, String> read = new LinkedHashMap<>();
    readings.forEach((v, r) -> read.put(v.name(), r.text()));
    return Collections.unmodifiableMap(read);
  }

  /** The value of {@code variable} as {@code config} prints it (secrets masked). */
  public String shown(Variable<?> variable) {
    return shownOf(variable);
  }

  private <T> String shownOf(Variable<T> variable) {
    return variable.shown(reading(variable));
  }
}
