package io.pixtrace.agent.config;

import static io.pixtrace.agent.config.Variable.Docs.IMGPROXY_3;
import static io.pixtrace.agent.config.Variable.Docs.IMGPROXY_4;
import static io.pixtrace.agent.config.Variable.Docs.PIXTRACE;
import static io.pixtrace.agent.config.Variable.Docs.PROSE;

import io.pixtrace.agent.config.Settings.IdGenerator;
import io.pixtrace.agent.config.Settings.Protocol;
import io.pixtrace.bootstrap.Telemetry;
import io.pixtrace.bootstrap.UrlRedactor;
import io.pixtrace.instrumentation.api.Layer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of every variable the agent reads, each declared once (docs/configuration.md,
 * "Variables"; {@code PIXTRACE_DEBUG} is read by the bootstrap's {@code AgentLog} before any of
 * this). {@link Settings#read} parses them in this order, so errors come in this order too;
 * {@code config} lists them, and the tests check the docs' tables and the bad-input lines
 * against it.
 */
public final class Variables {
  private Variables() {}

  static final String PREFIX = "IMGPROXY_OPEN_TELEMETRY_";

  private static final List<Variable<?>> TABLE = new ArrayList<>();
  /** The SDK's own variables among them, in the same order. */
  private static final List<Variable<?>> SDK_TABLE = new ArrayList<>();

  /** A configuration error stops the JVM at start. */
  public static final Variable<Boolean> STRICT = add(Variable.of(PREFIX + "STRICT", Parsers.BOOLEAN, false, PIXTRACE,
      "true: any configuration error stops the JVM at start"));
  /** Collectors ({@code host:port}, comma separated); setting it turns export on. */
  public static final Variable<List<String>> ENDPOINT = add(Variable.of(PREFIX + "ENDPOINT", Parsers.COLLECTORS, List.of(), IMGPROXY_3,
      "collector host:port, or a comma list of collectors; turns export on"));
  /** The export protocol. */
  public static final Variable<Protocol> PROTOCOL = add(Variable.of(PREFIX + "PROTOCOL", Parsers.choice(Protocol.class), Protocol.GRPC,
      IMGPROXY_3, "export protocol (console: a tree per request on stderr)"));
  /** {@code service.name}. */
  public static final Variable<String> SERVICE_NAME = add(Variable.of(PREFIX + "SERVICE_NAME", Parsers.TEXT, null, IMGPROXY_3,
      "service.name (default: the jar's or main class's name)"));
  /** Propagators; the fallback is Pixtrace's {@code otel.propagators} default. */
  public static final Variable<List<String>> PROPAGATORS = add(Variable.of(PREFIX + "PROPAGATORS", Parsers.PROPAGATORS,
      List.of("tracecontext", "baggage"), IMGPROXY_3, "propagators for incoming requests and propagated downloads"));
  /** gRPC without {@code SERVER_CERT}: plaintext ({@code true}) or TLS. */
  public static final Variable<Boolean> GRPC_INSECURE = add(Variable.of(PREFIX + "GRPC_INSECURE", Parsers.BOOLEAN, true, IMGPROXY_3,
      "gRPC without SERVER_CERT: true plaintext, false TLS with the JVM's trust store"));
  /** Metrics export; unset leaves {@code OTEL_METRICS_EXPORTER} to decide. */
  public static final Variable<Boolean> ENABLE_METRICS = add(Variable.of(PREFIX + "ENABLE_METRICS", Parsers.BOOLEAN, false, IMGPROXY_3,
      "export metrics too (unset: OTEL_METRICS_EXPORTER decides, Pixtrace's default none)").documentedAs("unset"));
  /** Traces export; {@code false}: metrics without spans. */
  public static final Variable<Boolean> ENABLE_TRACES = add(Variable.of(PREFIX + "ENABLE_TRACES", Parsers.BOOLEAN, true, PIXTRACE,
      "false: otel.traces.exporter=none"));
  /** Collector CA, PEM text or file. */
  public static final Variable<String> SERVER_CERT = add(Variable.of(PREFIX + "SERVER_CERT", Parsers.pem("CERTIFICATE"), null,
      IMGPROXY_3, "the collector's CA, PEM text or file path (TLS only)").asSecret());
  /** mTLS client certificate, PEM text or file. */
  public static final Variable<String> CLIENT_CERT = add(Variable.of(PREFIX + "CLIENT_CERT", Parsers.pem("CERTIFICATE"), null,
      IMGPROXY_3, "mTLS client certificate, PEM text or file path (with CLIENT_KEY)").asSecret());
  /** mTLS client key, PEM text or file. */
  public static final Variable<String> CLIENT_KEY = add(Variable.of(PREFIX + "CLIENT_KEY", Parsers.pem("PRIVATE KEY"), null,
      IMGPROXY_3, "mTLS client key, unencrypted PEM text or file path (with CLIENT_CERT)").asSecret());
  /** Connect timeout of the OTLP exporters, whole seconds. */
  public static final Variable<Duration> CONNECTION_TIMEOUT = add(Variable.of(PREFIX + "CONNECTION_TIMEOUT", Parsers.seconds(1, 3600),
      Duration.ofSeconds(5), IMGPROXY_3, "connect timeout of the OTLP exporters, in seconds"));
  /** imgproxy 4.x: turns the agent on, the endpoint from {@code OTEL_EXPORTER_OTLP_*}. */
  public static final Variable<Boolean> ENABLE = add(Variable.of(PREFIX + "ENABLE", Parsers.BOOLEAN, false, IMGPROXY_4,
      "turns the agent on; endpoint and protocol from OTEL_EXPORTER_OTLP_*"));
  /** The host's log records exported. */
  public static final Variable<Boolean> ENABLE_LOGS = add(Variable.of(PREFIX + "ENABLE_LOGS", Parsers.BOOLEAN, false, IMGPROXY_4,
      "export the host's log records, with trace and span ids"));
  /** Trace headers on outgoing downloads. */
  public static final Variable<Boolean> PROPAGATE_EXTERNAL = add(Variable.of(PREFIX + "PROPAGATE_EXTERNAL", Parsers.BOOLEAN, false,
      IMGPROXY_4, "add trace headers to outgoing image downloads"));
  /** Layers switched off. */
  public static final Variable<Set<Layer>> DISABLE = add(Variable.of(PREFIX + "DISABLE", Parsers.LAYERS, Set.of(), PIXTRACE,
      "layers switched off, comma separated"));
  /** Export headers ({@code Name: value}); the values are secrets. */
  public static final Variable<Map<String, String>> HEADERS = add(Variable.of(PREFIX + "HEADERS", Parsers.HEADERS, Map.of(), PIXTRACE,
      "headers sent with every export (values never printed)").asSecret());
  /** Batch export delay. */
  public static final Variable<Duration> THROTTLE = add(Variable.of(PREFIX + "THROTTLE", Parsers.DURATION, Duration.ofSeconds(1),
      PIXTRACE, "batch export delay (otel.bsp/blrp.schedule.delay)"));
  /** Full export queues drop at once ({@code true}) or make the ending thread wait a bounded time. */
  public static final Variable<Boolean> LOSSY = add(Variable.of(PREFIX + "LOSSY", Parsers.BOOLEAN, true, PIXTRACE,
      "a full export queue drops at once (true) or waits up to the batch delay"));
  /** {@code service.version}. */
  public static final Variable<String> SERVICE_VERSION = add(Variable.of(PREFIX + "SERVICE_VERSION", Parsers.TEXT, null, PIXTRACE,
      "service.version"));
  /** {@code deployment.environment.name}. */
  public static final Variable<String> ENVIRONMENT = add(Variable.of(PREFIX + "ENVIRONMENT", Parsers.TEXT, null, PIXTRACE,
      "deployment.environment.name"));
  /** Extra resource attributes, after {@code OTEL_RESOURCE_ATTRIBUTES}. */
  public static final Variable<Map<String, String>> RESOURCE_ATTRIBUTES = add(Variable.of(PREFIX + "RESOURCE_ATTRIBUTES",
      Parsers.KEY_VALUES, Map.of(), PIXTRACE, "extra resource attributes, key=value, comma separated"));
  /** Request headers recorded on the request span as {@code http.request.header.<name>}. */
  public static final Variable<List<String>> CAPTURE_REQUEST_HEADERS = add(Variable.of(PREFIX + "CAPTURE_REQUEST_HEADERS",
      Parsers.HEADER_NAMES, List.of(), PIXTRACE, "request headers recorded on the request span (Accept, Save-Data, DPR)"));
  /** The OpenTelemetry Java agent's name for {@link #CAPTURE_REQUEST_HEADERS}, read when that is unset. */
  public static final Variable<List<String>> OTEL_CAPTURE_REQUEST_HEADERS = add(Variable.of(
      "OTEL_INSTRUMENTATION_HTTP_SERVER_CAPTURE_REQUEST_HEADERS", Parsers.HEADER_NAMES, List.of(), PROSE,
      "the OpenTelemetry Java agent's name for IMGPROXY_OPEN_TELEMETRY_CAPTURE_REQUEST_HEADERS, read when that is unset"));
  /** imgproxy's number of workers, the denominator of {@code workers_utilization}. */
  public static final Variable<Integer> WORKERS = add(Variable.of("IMGPROXY_WORKERS", Parsers.count(1, 100_000), null, PIXTRACE,
      "images the service processes at once: the workers and workers_utilization gauges"));
  /** Tail sampling: the share of ordinary requests kept; setting it turns tail sampling on. */
  public static final Variable<Double> TAIL_SAMPLING_RATIO = add(Variable.of(PREFIX + "TAIL_SAMPLING_RATIO", Parsers.RATIO, null,
      PIXTRACE, "tail sampling on: share of the requests that are neither errors nor slow whose traces are kept"));
  /** Tail sampling: a request this slow is always kept. */
  public static final Variable<Duration> TAIL_SAMPLING_SLOW = add(Variable.of(PREFIX + "TAIL_SAMPLING_SLOW", Parsers.DURATION,
      Duration.ofSeconds(1), PIXTRACE, "tail sampling: requests at least this slow are kept"));
  /** Tail sampling: most traces per second kept by the ratio. */
  public static final Variable<Integer> TAIL_SAMPLING_RATE_LIMIT = add(Variable.of(PREFIX + "TAIL_SAMPLING_RATE_LIMIT",
      Parsers.count(1, 1_000_000), null, PIXTRACE, "tail sampling: most traces kept by the ratio per second"));
  /** Request paths never traced nor counted. */
  public static final Variable<List<String>> SKIP_PATHS = add(Variable.of(PREFIX + "SKIP_PATHS", Parsers.PATHS, List.of(), PIXTRACE,
      "request paths never traced nor counted (/exact, /prefix/*)"));
  /** How long a response produced after its handler returned may take before its request ends as incomplete. */
  public static final Variable<Duration> RESPONSE_TIMEOUT = add(Variable.of(PREFIX + "RESPONSE_TIMEOUT", Parsers.DURATION,
      Telemetry.DEFAULT_RESPONSE_TIMEOUT, PIXTRACE,
      "an async response not completed this long after its handler returned ends its request, marked incomplete"));
  /** Query parameters whose values are redacted, added to {@link UrlRedactor#DEFAULT_NAMES}. */
  public static final Variable<List<String>> SENSITIVE_QUERY_PARAMS = add(Variable.of(PREFIX + "SENSITIVE_QUERY_PARAMS",
      Parsers.QUERY_PARAM_NAMES, List.of(), PIXTRACE,
      "more query parameters whose values become REDACTED, added to the defaults (* at the end: prefix)"));
  /** {@code true}: {@link #SENSITIVE_QUERY_PARAMS} replaces the default names instead of adding to them. */
  public static final Variable<Boolean> SENSITIVE_QUERY_PARAMS_REPLACE = add(Variable.of(PREFIX + "SENSITIVE_QUERY_PARAMS_REPLACE",
      Parsers.BOOLEAN, false, PIXTRACE, "true: SENSITIVE_QUERY_PARAMS replaces the default names (only when it holds a valid name)"));
  /** The trace id generator. */
  public static final Variable<IdGenerator> TRACE_ID_GENERATOR = add(Variable.of(PREFIX + "TRACE_ID_GENERATOR",
      Parsers.choice(IdGenerator.class), IdGenerator.RANDOM, IMGPROXY_4, "xray: X-Ray-compatible trace ids"));
  /** The Prometheus endpoint's address. */
  public static final Variable<String> PROMETHEUS_BIND = add(Variable.of("IMGPROXY_PROMETHEUS_BIND", Parsers.BIND_ADDRESS, null,
      IMGPROXY_4, "host:port of a Prometheus /metrics endpoint; turns the agent on"));
  /** ivatar's name for {@link #PROMETHEUS_BIND}, read when that is unset. */
  public static final Variable<String> OTEL_PROMETHEUS_ENDPOINT = add(Variable.of("OTEL_PROMETHEUS_ENDPOINT", Parsers.BIND_ADDRESS, null,
      PROSE, "ivatar's name for IMGPROXY_PROMETHEUS_BIND, read when that is unset"));
  /** Prefix of every metric name on the Prometheus endpoint. */
  public static final Variable<String> PROMETHEUS_NAMESPACE = add(Variable.of("IMGPROXY_PROMETHEUS_NAMESPACE", Parsers.METRIC_PREFIX,
      null, IMGPROXY_4, "prefix of every metric name on the Prometheus endpoint"));
  /** The host's methods as download stages. */
  public static final Variable<List<String>> DOWNLOAD_METHODS = add(Variable.of(PREFIX + "DOWNLOAD_METHODS", Parsers.METHODS,
      List.of(), PIXTRACE, "the host's methods traced as downloads (Class#method;...)"));
  /** The host's methods as queue stages. */
  public static final Variable<List<String>> QUEUE_METHODS = add(Variable.of(PREFIX + "QUEUE_METHODS", Parsers.METHODS,
      List.of(), PIXTRACE, "the host's methods traced as queue waits (Class#method;...)"));
  /** The host's methods as processing stages. */
  public static final Variable<List<String>> PROCESSING_METHODS = add(Variable.of(PREFIX + "PROCESSING_METHODS", Parsers.METHODS,
      List.of(), PIXTRACE, "the host's methods traced as processing (Class#method;...)"));
  /** The SDK's master switch ({@code -Dotel.sdk.disabled} too). */
  public static final Variable<Boolean> OTEL_SDK_DISABLED = add(Variable.of("OTEL_SDK_DISABLED", Parsers.BOOLEAN, false, PROSE,
      "true: the agent is off, whatever else is set").orSystemProperty("otel.sdk.disabled"));
  /** A master switch: {@code false} is off. */
  public static final Variable<Boolean> OTEL_ENABLED = add(Variable.of("OTEL_ENABLED", Parsers.BOOLEAN, true, PROSE,
      "false: the agent is off; true: on"));
  /** A master switch: {@code false} is off. */
  public static final Variable<Boolean> OTEL_EXPORT_ENABLED = add(Variable.of("OTEL_EXPORT_ENABLED", Parsers.BOOLEAN, true, PROSE,
      "false: the agent is off; true: on"));
  /** The SDK's trace exporter; a name other than {@code none} turns the agent on. */
  public static final Variable<String> OTEL_TRACES_EXPORTER = add(Variable.of("OTEL_TRACES_EXPORTER", Parsers.TEXT, null, PROSE,
      "the SDK's trace exporter; other than none turns the agent on").orSystemProperty("otel.traces.exporter"));
  /** The SDK's metric exporter; a name other than {@code none} turns the agent on. */
  public static final Variable<String> OTEL_METRICS_EXPORTER = add(Variable.of("OTEL_METRICS_EXPORTER", Parsers.TEXT, null, PROSE,
      "the SDK's metric exporter; other than none turns the agent on").orSystemProperty("otel.metrics.exporter"));
  /** The SDK's log exporter; a name other than {@code none} turns the agent on. */
  public static final Variable<String> OTEL_LOGS_EXPORTER = add(Variable.of("OTEL_LOGS_EXPORTER", Parsers.TEXT, null, PROSE,
      "the SDK's log exporter; other than none turns the agent on").orSystemProperty("otel.logs.exporter"));
  /** {@code service.instance.id} unless a resource attribute sets one (ivatar's multi-instance set-up). */
  public static final Variable<String> HOSTNAME = add(Variable.of("HOSTNAME", Parsers.TEXT, null, PIXTRACE,
      "service.instance.id, unless a resource attribute sets one"));

  // The SDK's own numeric variables, checked here so that a bad one is reported by name and
  // value and replaced by the SDK's default (OtelProperties passes the checked value on)
  // instead of failing the SDK's build with a message that names neither.
  /** Batch span processor: delay between exports. */
  public static final Variable<Duration> OTEL_BSP_SCHEDULE_DELAY = sdk("OTEL_BSP_SCHEDULE_DELAY", Parsers.sdkDuration(0),
      THROTTLE.fallback(), "spans' batch delay (IMGPROXY_OPEN_TELEMETRY_THROTTLE wins)");
  /** Batch span processor: longest export. */
  public static final Variable<Duration> OTEL_BSP_EXPORT_TIMEOUT = sdk("OTEL_BSP_EXPORT_TIMEOUT", Parsers.sdkDuration(0),
      Duration.ofSeconds(30), "longest span export");
  /** Batch span processor: queue capacity per collector, in spans. */
  public static final Variable<Integer> OTEL_BSP_MAX_QUEUE_SIZE = sdk("OTEL_BSP_MAX_QUEUE_SIZE", Parsers.count(1, Integer.MAX_VALUE), 2048,
      "spans queued per collector");
  /** Batch span processor: spans per export. */
  public static final Variable<Integer> OTEL_BSP_MAX_EXPORT_BATCH_SIZE = sdk("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", Parsers.count(1, Integer.MAX_VALUE),
      512, "spans per export, at most the queue size");
  /** Batch log record processor: delay between exports. */
  public static final Variable<Duration> OTEL_BLRP_SCHEDULE_DELAY = sdk("OTEL_BLRP_SCHEDULE_DELAY", Parsers.sdkDuration(0),
      THROTTLE.fallback(), "log records' batch delay (IMGPROXY_OPEN_TELEMETRY_THROTTLE wins)");
  /** Batch log record processor: longest export. */
  public static final Variable<Duration> OTEL_BLRP_EXPORT_TIMEOUT = sdk("OTEL_BLRP_EXPORT_TIMEOUT", Parsers.sdkDuration(0),
      Duration.ofSeconds(30), "longest log export");
  /** Batch log record processor: queue capacity per collector. */
  public static final Variable<Integer> OTEL_BLRP_MAX_QUEUE_SIZE = sdk("OTEL_BLRP_MAX_QUEUE_SIZE", Parsers.count(1, Integer.MAX_VALUE), 2048,
      "log records queued per collector");
  /** Batch log record processor: records per export. */
  public static final Variable<Integer> OTEL_BLRP_MAX_EXPORT_BATCH_SIZE = sdk("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE",
      Parsers.count(1, Integer.MAX_VALUE), 512, "log records per export, at most the queue size");
  /** Metric export period. */
  public static final Variable<Duration> OTEL_METRIC_EXPORT_INTERVAL = sdk("OTEL_METRIC_EXPORT_INTERVAL", Parsers.sdkDuration(1),
      Duration.ofSeconds(60), "metric export period");
  /** OTLP exporters: longest export request, every signal. */
  public static final Variable<Duration> OTEL_EXPORTER_OTLP_TIMEOUT = sdk("OTEL_EXPORTER_OTLP_TIMEOUT", Parsers.sdkDuration(0),
      Duration.ofSeconds(10), "longest OTLP export request");
  /** OTLP exporters: longest span export request. */
  public static final Variable<Duration> OTEL_EXPORTER_OTLP_TRACES_TIMEOUT = sdk("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
      Parsers.sdkDuration(0), Duration.ofSeconds(10), "longest OTLP span export request");
  /** OTLP exporters: longest metric export request. */
  public static final Variable<Duration> OTEL_EXPORTER_OTLP_METRICS_TIMEOUT = sdk("OTEL_EXPORTER_OTLP_METRICS_TIMEOUT",
      Parsers.sdkDuration(0), Duration.ofSeconds(10), "longest OTLP metric export request");
  /** OTLP exporters: longest log export request. */
  public static final Variable<Duration> OTEL_EXPORTER_OTLP_LOGS_TIMEOUT = sdk("OTEL_EXPORTER_OTLP_LOGS_TIMEOUT",
      Parsers.sdkDuration(0), Duration.ofSeconds(10), "longest OTLP log export request");
  /** Longest attribute value, characters, spans and log records. */
  public static final Variable<Integer> OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT = sdk("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT",
      Parsers.count(0, Integer.MAX_VALUE), OtelProperties.ATTRIBUTE_VALUE_LENGTH_LIMIT, "longest attribute value, characters (Pixtrace default)");
  /** Most attributes per span or log record. */
  public static final Variable<Integer> OTEL_ATTRIBUTE_COUNT_LIMIT = sdk("OTEL_ATTRIBUTE_COUNT_LIMIT", Parsers.count(0, Integer.MAX_VALUE), 128,
      "most attributes per span or log record");
  /** Longest span attribute value, characters. */
  public static final Variable<Integer> OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT = sdk("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
      Parsers.count(0, Integer.MAX_VALUE), OtelProperties.ATTRIBUTE_VALUE_LENGTH_LIMIT, "longest span attribute value, characters");
  /** Most attributes per span. */
  public static final Variable<Integer> OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT = sdk("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", Parsers.count(0, Integer.MAX_VALUE),
      128, "most attributes per span");
  /** Most events per span. */
  public static final Variable<Integer> OTEL_SPAN_EVENT_COUNT_LIMIT = sdk("OTEL_SPAN_EVENT_COUNT_LIMIT", Parsers.count(0, Integer.MAX_VALUE), 128,
      "most events per span");
  /** Most links per span. */
  public static final Variable<Integer> OTEL_SPAN_LINK_COUNT_LIMIT = sdk("OTEL_SPAN_LINK_COUNT_LIMIT", Parsers.count(0, Integer.MAX_VALUE), 128,
      "most links per span");
  /** Longest log record attribute value, characters. */
  public static final Variable<Integer> OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT = sdk(
      "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", Parsers.count(0, Integer.MAX_VALUE), OtelProperties.ATTRIBUTE_VALUE_LENGTH_LIMIT,
      "longest log record attribute value, characters");
  /** Most attributes per log record. */
  public static final Variable<Integer> OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT = sdk("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT",
      Parsers.count(0, Integer.MAX_VALUE), 128, "most attributes per log record");

  /** Every variable, in the order they are read. */
  public static final List<Variable<?>> ALL = List.copyOf(TABLE);

  /** The stage-method variables by the stage they trace. */
  static final Map<Layer, Variable<List<String>>> STAGE_METHODS =
      Map.of(Layer.DOWNLOAD, DOWNLOAD_METHODS, Layer.QUEUE, QUEUE_METHODS, Layer.PROCESSING, PROCESSING_METHODS);

  /** The SDK's variables checked here, in {@link #ALL}'s order. */
  public static final List<Variable<?>> SDK_CHECKED = List.copyOf(SDK_TABLE);

  /** The SDK property a checked {@code OTEL_*} variable stands for: {@code OTEL_BSP_MAX_QUEUE_SIZE} → {@code otel.bsp.max.queue.size}. */
  public static String sdkProperty(Variable<?> v) {
    return v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }

  /** One of the SDK's variables: read as the SDK reads it (else its {@code -Dotel.*} property), a bad value replaced by {@code sdkDefault}. */
  private static <T> Variable<T> sdk(String name, Parser<T> parser, T sdkDefault, String doc) {
    Variable<T> v = Variable.of(name, parser, sdkDefault, PROSE, doc);
    v = add(v.orSystemProperty(sdkProperty(v)));
    SDK_TABLE.add(v);
    return v;
  }

  private static <T> Variable<T> add(Variable<T> v) {
    TABLE.add(v);
    return v;
  }
}
