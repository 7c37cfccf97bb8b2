package io.pixtrace.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pixtrace's configuration, parsed once from the environment into typed, immutable fields.
 *
 * <p>Three generations of names are read (telemetry contract §1): imgproxy 3.x
 * ({@code IMGPROXY_OPEN_TELEMETRY_ENDPOINT}, {@code ..._PROTOCOL}, ...), imgproxy 4.x
 * ({@code ..._ENABLE}, {@code ..._PROPAGATE_EXTERNAL}, ...) and the standard {@code OTEL_*}
 * variables, which the OpenTelemetry SDK's autoconfiguration reads itself; an
 * {@code IMGPROXY_*} value overrides the matching {@code OTEL_*} one (see {@link OtelProperties}).
 * A malformed value adds an {@link #errors() error} naming the variable, the value and what
 * is allowed, and falls back to the default (the bad part off).
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

  static final String PREFIX = "IMGPROXY_OPEN_TELEMETRY_";

  private final Map<String, String> env;
  private final List<String> errors = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  final boolean enabled;
  final String offReason;
  final List<String> endpoints;
  final Protocol protocol;
  final boolean protocolSet;
  final String serviceName;
  final String propagators;
  final boolean grpcInsecure;
  final boolean metrics;
  final boolean metricsSet;
  final boolean traces;
  final String serverCert;
  final String clientCert;
  final String clientKey;
  final Duration connectionTimeout;
  final boolean logs;
  final boolean propagateExternal;
  final boolean strict;
  final Set<String> disabledLayers;
  final Map<String, String> headers;
  final Duration throttle;
  final boolean lossy;
  final String serviceVersion;
  final String environment;
  final Map<String, String> resourceAttributes;
  final List<String> skipPaths;
  final List<String> sensitiveQueryParams;
  final boolean xrayIds;
  final String prometheusBind;
  final String prometheusNamespace;
  private boolean pullOnly;
  final Map<String, List<String>> stageMethods;

  /** The trace id generators imgproxy 4.x offers. */
  enum IdGenerator {
    /** Random 16-byte ids (the SDK's). */
    RANDOM,
    /** X-Ray-compatible ids: the first 4 bytes are the epoch second. */
    XRAY
  }

  private Settings(Map<String, String> env) {
    this.env = env;
    strict = bool(PREFIX + "STRICT", false);
    endpoints = list(PREFIX + "ENDPOINT");
    for (String e : endpoints) {
      if (!validHostPort(e)) {
        errors.add(PREFIX + "ENDPOINT=\"" + e + "\" is not a collector address: expected host:port without a scheme, e.g. otel-collector:4317");
      }
    }
    String p = get(PREFIX + "PROTOCOL");
    protocolSet = p != null;
    protocol = choice(PREFIX + "PROTOCOL", Protocol.class, Protocol.GRPC);
    serviceName = get(PREFIX + "SERVICE_NAME");
    propagators = propagatorList(PREFIX + "PROPAGATORS");
    grpcInsecure = bool(PREFIX + "GRPC_INSECURE", true);
    metricsSet = get(PREFIX + "ENABLE_METRICS") != null;
    metrics = bool(PREFIX + "ENABLE_METRICS", false);
    traces = bool(PREFIX + "ENABLE_TRACES", true);
    serverCert = pem(PREFIX + "SERVER_CERT", "CERTIFICATE");
    String cert = pem(PREFIX + "CLIENT_CERT", "CERTIFICATE");
    String key = pem(PREFIX + "CLIENT_KEY", "PRIVATE KEY");
    if ((cert == null) != (key == null)) {
      errors.add((cert == null ? PREFIX + "CLIENT_KEY is set without " + PREFIX + "CLIENT_CERT"
          : PREFIX + "CLIENT_CERT is set without " + PREFIX + "CLIENT_KEY")
          + ": mTLS needs both (PEM content or file paths); client authentication is off");
      cert = null;
      key = null;
    }
    clientCert = cert;
    clientKey = key;
    connectionTimeout = seconds(PREFIX + "CONNECTION_TIMEOUT", 5);
    boolean enable4x = bool(PREFIX + "ENABLE", false);
    logs = bool(PREFIX + "ENABLE_LOGS", false);
    propagateExternal = bool(PREFIX + "PROPAGATE_EXTERNAL", false);
    disabledLayers = layers(PREFIX + "DISABLE");
    headers = headers(PREFIX + "HEADERS");
    throttle = duration(PREFIX + "THROTTLE", Duration.ofSeconds(1));
    lossy = bool(PREFIX + "LOSSY", true);
    serviceVersion = get(PREFIX + "SERVICE_VERSION");
    environment = get(PREFIX + "ENVIRONMENT");
    resourceAttributes = keyValues(PREFIX + "RESOURCE_ATTRIBUTES");
    skipPaths = paths(PREFIX + "SKIP_PATHS");
    List<String> sensitive = list(PREFIX + "SENSITIVE_QUERY_PARAMS");
    sensitiveQueryParams = sensitive.isEmpty() ? null : sensitive;
    xrayIds = choice(PREFIX + "TRACE_ID_GENERATOR", IdGenerator.class, IdGenerator.RANDOM) == IdGenerator.XRAY;
    String bind = get("IMGPROXY_PROMETHEUS_BIND");
    String bindName = "IMGPROXY_PROMETHEUS_BIND";
    if (bind == null && get("OTEL_PROMETHEUS_ENDPOINT") != null) {
      bind = get("OTEL_PROMETHEUS_ENDPOINT");
      bindName = "OTEL_PROMETHEUS_ENDPOINT";
    }
    if (bind != null && !validHostPort(bind)) {
      errors.add(bindName + "=\"" + bind + "\" is not a bind address: expected host:port, e.g. 0.0.0.0:9464; the Prometheus endpoint is off");
      bind = null;
    }
    prometheusBind = bind;
    String namespace = get("IMGPROXY_PROMETHEUS_NAMESPACE");
    if (namespace != null && !namespace.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      errors.add("IMGPROXY_PROMETHEUS_NAMESPACE=\"" + namespace + "\" is not a metric name prefix: allowed are letters, digits and _, not starting with a digit; no prefix is used");
      namespace = null;
    }
    prometheusNamespace = namespace;
    Map<String, List<String>> methods = new LinkedHashMap<>();
    for (String stage : new String[] {"download", "queue", "processing"}) {
      List<String> refs = methods(PREFIX + stage.toUpperCase(Locale.ROOT) + "_METHODS");
      if (!refs.isEmpty()) {
        methods.put(stage, refs);
      }
    }
    stageMethods = Collections.unmodifiableMap(methods);

    boolean endpointOk = !endpoints.isEmpty() && errors.stream().noneMatch(e -> e.startsWith(PREFIX + "ENDPOINT"));
    String off = masterSwitchOff();
    if (off != null) {
      enabled = false;
      offReason = off;
    } else if (endpointOk || enable4x || protocol == Protocol.CONSOLE
        || "true".equalsIgnoreCase(get("OTEL_ENABLED")) || "true".equalsIgnoreCase(get("OTEL_EXPORT_ENABLED"))
        || exporterChosen("OTEL_TRACES_EXPORTER") || exporterChosen("OTEL_METRICS_EXPORTER")
        || exporterChosen("OTEL_LOGS_EXPORTER")) {
      enabled = true;
      offReason = null;
    } else if (prometheusBind != null) {
      // Pull only (ivatar's development set-up): metrics on /metrics, nothing pushed anywhere.
      enabled = true;
      offReason = null;
      pullOnly = true;
    } else {
      enabled = false;
      offReason = "telemetry is off: set IMGPROXY_OPEN_TELEMETRY_ENDPOINT=host:port (or"
          + " IMGPROXY_OPEN_TELEMETRY_ENABLE=true with OTEL_EXPORTER_OTLP_ENDPOINT, or"
          + " IMGPROXY_OPEN_TELEMETRY_PROTOCOL=console) to turn it on";
    }
  }

  /**
   * Reads the settings from environment variables ({@code -Dotel.sdk.disabled} and
   * {@code -Dotel.*_exporter} count too, as the SDK reads them).
   */
  public static Settings read(Map<String, String> env) {
    return new Settings(env);
  }

  /** Whether the agent should install anything at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Why the agent is off and how to turn it on (one log line), or null when on. */
  public String offReason() {
    return offReason;
  }

  /** Problems found, one line each: variable, value (secrets masked), what is allowed. */
  public List<String> errors() {
    return Collections.unmodifiableList(errors);
  }

  /** Informational findings (e.g. an IMGPROXY_* value overriding an OTEL_* one). */
  public List<String> notes() {
    return Collections.unmodifiableList(notes);
  }

  /** {@code IMGPROXY_OPEN_TELEMETRY_STRICT}: a bad variable stops the JVM at start. */
  public boolean strict() {
    return strict;
  }

  /** Whether the host's log records are exported ({@code IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS}). */
  public boolean logs() {
    return logs;
  }

  /** Whether outgoing downloads carry trace headers. */
  public boolean propagateExternal() {
    return propagateExternal;
  }

  /** The collectors of {@code IMGPROXY_OPEN_TELEMETRY_ENDPOINT} ({@code host:port}, in order). */
  public List<String> endpoints() {
    return endpoints;
  }

  /** The chosen protocol. */
  public Protocol protocol() {
    return protocol;
  }

  /** Layers switched off by {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} (lower case names). */
  public Set<String> disabledLayers() {
    return disabledLayers;
  }

  /** Export connect timeout ({@code IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT}, seconds). */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /** PEM text of the collector's CA/certificate, a literal {@code \n} read as newline, or null. */
  public String serverCert() {
    return serverCert;
  }

  /** PEM text of the mTLS client certificate, or null. */
  public String clientCert() {
    return clientCert;
  }

  /** PEM text of the mTLS client key, or null. */
  public String clientKey() {
    return clientKey;
  }

  /**
   * The host's own methods traced as stages ({@code ..._DOWNLOAD_METHODS},
   * {@code ..._QUEUE_METHODS}, {@code ..._PROCESSING_METHODS}): stage name
   * ({@code download}, {@code queue}, {@code processing}) to {@code class#method} entries.
   */
  public Map<String, List<String>> stageMethods() {
    return stageMethods;
  }

  /** Extra export headers ({@code IMGPROXY_OPEN_TELEMETRY_HEADERS}); values are secrets. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Batch export delay ({@code IMGPROXY_OPEN_TELEMETRY_THROTTLE}). */
  public Duration throttle() {
    return throttle;
  }

  /** Whether full export queues drop (true) or make request threads wait a bounded time. */
  public boolean lossy() {
    return lossy;
  }

  /** Request paths never traced nor counted ({@code IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS}). */
  public List<String> skipPaths() {
    return skipPaths;
  }

  /** Query parameter names whose values are redacted, or null for the defaults. */
  public List<String> sensitiveQueryParams() {
    return sensitiveQueryParams;
  }

  /** Whether trace ids are X-Ray-compatible ({@code ..._TRACE_ID_GENERATOR=xray}). */
  public boolean xrayIds() {
    return xrayIds;
  }

  /** {@code host:port} of the Prometheus pull endpoint, or null. */
  public String prometheusBind() {
    return prometheusBind;
  }

  /** Prefix for every metric name on the Prometheus endpoint, or null. */
  public String prometheusNamespace() {
    return prometheusNamespace;
  }

  /** Extra resource attributes: service.version, deployment.environment.name, static ones. */
  public Map<String, String> resourceAttributes() {
    Map<String, String> r = new LinkedHashMap<>(resourceAttributes);
    if (serviceVersion != null) {
      r.put("service.version", serviceVersion);
    }
    if (environment != null) {
      r.put("deployment.environment.name", environment);
    }
    return r;
  }

  /**
   * The collector endpoints to check: the {@code IMGPROXY_OPEN_TELEMETRY_ENDPOINT} list when
   * set, else the given SDK endpoint.
   */
  public List<String> endpointsOr(String sdkEndpoint) {
    return endpoints.isEmpty() ? List.of(sdkEndpoint) : endpoints;
  }

  /** Every variable the settings read, in order, with its value (null when unset). */
  public Map<String, String> variablesRead() {
    return Collections.unmodifiableMap(read);
  }

  /** Whether a variable holds a secret (never printed: headers, certificates, keys). */
  public static boolean isSecret(String name) {
    return name.endsWith("_HEADERS") || name.endsWith("_CERT") || name.endsWith("_KEY");
  }

  private final Map<String, String> read = new LinkedHashMap<>();

  String get(String name) {
    read.putIfAbsent(name, env.get(name));
    String v = env.get(name);
    if (v == null) {
      return null;
    }
    v = v.trim();
    return v.isEmpty() ? null : v;
  }

  private String masterSwitchOff() {
    String sdkDisabled = get("OTEL_SDK_DISABLED");
    if (sdkDisabled == null && System.getProperty("otel.sdk.disabled") != null) {
      sdkDisabled = System.getProperty("otel.sdk.disabled");
    }
    if (sdkDisabled != null && parseBool("OTEL_SDK_DISABLED", sdkDisabled, false)) {
      return "telemetry is off: OTEL_SDK_DISABLED=true";
    }
    if (!bool("OTEL_ENABLED", true)) {
      return "telemetry is off: OTEL_ENABLED=false";
    }
    if (!bool("OTEL_EXPORT_ENABLED", true)) {
      return "telemetry is off: OTEL_EXPORT_ENABLED=false";
    }
    return null;
  }

  private boolean exporterChosen(String name) {
    String v = get(name);
    if (v == null) {
      v = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
    }
    return v != null && !v.isBlank() && !v.trim().equalsIgnoreCase("none");
  }

  boolean bool(String name, boolean fallback) {
    String v = get(name);
    return v == null ? fallback : parseBool(name, v, fallback);
  }

  private boolean parseBool(String name, String v, boolean fallback) {
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        errors.add(name + "=\"" + v + "\" is not a boolean: allowed are true or false (also 1/0, yes/no, on/off); using " + fallback);
        return fallback;
    }
  }

  /**
   * PEM content (a literal {@code \n} read as a newline, as imgproxy documents) or the path of
   * a PEM file. A value that is neither is reported (secrets are never printed) and unset.
   */
  private String pem(String name, String kind) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    String text = v.replace("\\n", "\n");
    if (!text.contains("-----BEGIN")) {
      java.nio.file.Path path = java.nio.file.Path.of(v);
      try {
        text = java.nio.file.Files.readString(path);
      } catch (java.io.IOException | RuntimeException e) {
        errors.add(name + " is neither PEM content nor a readable PEM file (" + describeSecret(v)
            + "): give the PEM text (newlines as \\n) or a file path; it is ignored");
        return null;
      }
    }
    if (!text.contains("-----BEGIN") || !text.contains(kind)) {
      errors.add(name + " does not hold a PEM " + kind.toLowerCase(Locale.ROOT) + " (" + describeSecret(v)
          + "): expected -----BEGIN ..." + kind + "-----; it is ignored");
      return null;
    }
    return text;
  }

  /** What may be printed of a secret value: its length only. */
  static String describeSecret(String value) {
    return "value of " + value.length() + " characters, not shown";
  }

  /**
   * A duration as Stalwart writes it: {@code 500ms}, {@code 1s}, {@code 2m} (a bare number is
   * milliseconds), from 1 ms to 10 minutes.
   */
  private Duration duration(String name, Duration fallback) {
    String v = get(name);
    if (v == null) {
      return fallback;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?").matcher(v.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2);
      Duration d = unit.equals("ms") ? Duration.ofMillis(n) : unit.equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
      if (!d.isZero() && d.compareTo(Duration.ofMinutes(10)) <= 0) {
        return d;
      }
    }
    errors.add(name + "=\"" + v + "\" is not a duration: allowed are e.g. 500ms, 1s, 2m (1 ms to 10 minutes); using "
        + fallback.toMillis() + "ms");
    return fallback;
  }

  /**
   * Export headers, Stalwart style: {@code Name: value} entries separated by commas or
   * newlines. Values are secrets: errors never print them.
   */
  private Map<String, String> headers(String name) {
    String v = get(name);
    if (v == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    int n = 0;
    for (String entry : v.split("[,\\n]")) {
      n++;
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String key = colon > 0 ? entry.substring(0, colon).trim() : "";
      if (colon <= 0 || !key.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        errors.add(name + " entry " + n + " is not \"Name: value\" (" + describeSecret(entry)
            + "): allowed are Name: value entries separated by commas or newlines; it is left out");
        continue;
      }
      out.put(key, entry.substring(colon + 1).trim());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The host's own methods as a stage: {@code com.acme.Images#resize;com.acme.Fetch#*}
   * ({@code class#method} or {@code class#*}, separated by {@code ;}).
   */
  private List<String> methods(String name) {
    String v = get(name);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String entry : v.split(";")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      if (!e.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*#([A-Za-z_$][A-Za-z0-9_$]*|\\*)")) {
        errors.add(name + " has \"" + e + "\", which is not class#method: allowed are fully.qualified.Class#method or Class#* entries separated by ;; it is left out");
        continue;
      }
      out.add(e);
    }
    return Collections.unmodifiableList(out);
  }

  /** {@code key=value} entries separated by commas (KrakenD's static attributes). */
  private Map<String, String> keyValues(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : list(name)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        errors.add(name + " has \"" + entry + "\", which is not key=value: allowed are key=value entries separated by commas; it is left out");
        continue;
      }
      out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return Collections.unmodifiableMap(out);
  }

  /** Request paths: exact ({@code /health}) or prefixes ending in {@code *} ({@code /static/*}). */
  private List<String> paths(String name) {
    List<String> out = new ArrayList<>();
    for (String p : list(name)) {
      if (!p.startsWith("/") || p.indexOf('*') >= 0 && p.indexOf('*') != p.length() - 1) {
        errors.add(name + " has \"" + p + "\", which is not a path: allowed are /exact/paths and /prefixes/* ; it is left out");
        continue;
      }
      out.add(p);
    }
    return Collections.unmodifiableList(out);
  }

  private <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    String v = get(name);
    if (v == null) {
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT));
    }
    errors.add(name + "=\"" + v + "\" is not supported: allowed are " + String.join(", ", allowed)
        + "; using " + fallback.name().toLowerCase(Locale.ROOT));
    return fallback;
  }

  private Duration seconds(String name, long fallback) {
    String v = get(name);
    if (v == null) {
      return Duration.ofSeconds(fallback);
    }
    try {
      long s = Long.parseLong(v);
      if (s >= 1 && s <= 3600) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    errors.add(name + "=\"" + v + "\" is not a timeout: allowed is a whole number of seconds from 1 to 3600; using " + fallback);
    return Duration.ofSeconds(fallback);
  }

  private List<String> list(String name) {
    String v = get(name);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static final Set<String> PROPAGATORS =
      Set.of("tracecontext", "baggage", "b3", "b3multi", "jaeger", "xray", "ottrace", "none");

  private String propagatorList(String name) {
    List<String> values = list(name);
    if (values.isEmpty()) {
      return null;
    }
    List<String> ok = new ArrayList<>();
    for (String p : values) {
      String lower = p.toLowerCase(Locale.ROOT);
      if (PROPAGATORS.contains(lower)) {
        ok.add(lower);
      } else {
        errors.add(name + " has \"" + p + "\", which is not a propagator: allowed are "
            + "tracecontext, baggage, b3, b3multi, jaeger, xray, ottrace, none; it is left out");
      }
    }
    return ok.isEmpty() ? "none" : String.join(",", ok);
  }

  private static final Set<String> LAYERS =
      Set.of("server", "download", "queue", "processing", "propagation", "runtime-metrics");

  private Set<String> layers(String name) {
    Set<String> out = new java.util.TreeSet<>();
    for (String l : list(name)) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (LAYERS.contains(lower)) {
        out.add(lower);
      } else {
        errors.add(name + " has \"" + l + "\", which is not a layer: allowed are "
            + "server, download, queue, processing, propagation, runtime-metrics; it is ignored");
      }
    }
    return Collections.unmodifiableSet(out);
  }

  static boolean validHostPort(String value) {
    if (value.contains("://") || value.contains("/")) {
      return false;
    }
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      return false;
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      return port > 0 && port < 65536;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The OpenTelemetry SDK properties the {@code IMGPROXY_*} variables stand for. Applied
   * over whatever {@code OTEL_*} says (imgproxy names win); see {@link OtelProperties}.
   */
  Map<String, String> imgproxyProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    if (pullOnly) {
      p.put("otel.traces.exporter", "none");
      p.put("otel.metrics.exporter", "none");
      p.put("otel.logs.exporter", "none");
      return p;
    }
    boolean endpointOk = !endpoints.isEmpty() && errors.stream().noneMatch(e -> e.startsWith(PREFIX + "ENDPOINT"));
    if (protocol == Protocol.CONSOLE) {
      p.put("otel.traces.exporter", traces ? ConsoleExporterNames.NAME : "none");
      if (metricsSet) {
        p.put("otel.metrics.exporter", metrics ? ConsoleExporterNames.NAME : "none");
      }
    } else {
      if (endpointOk) {
        String endpoint = endpoints.get(0);
        boolean tls = protocol == Protocol.HTTPS
            || (protocol == Protocol.GRPC && (!grpcInsecure || serverCert != null));
        p.put("otel.exporter.otlp.endpoint", (tls ? "https://" : "http://") + endpoint);
        p.put("otel.exporter.otlp.protocol", protocol == Protocol.GRPC ? "grpc" : "http/protobuf");
        p.put("otel.traces.exporter", traces ? "otlp" : "none");
      } else if (protocolSet) {
        p.put("otel.exporter.otlp.protocol", protocol == Protocol.GRPC ? "grpc" : "http/protobuf");
      }
      if (metricsSet) {
        p.put("otel.metrics.exporter", metrics ? "otlp" : "none");
      }
      if (!traces) {
        p.put("otel.traces.exporter", "none");
      }
    }
    if (logs) {
      p.put("otel.logs.exporter", protocol == Protocol.CONSOLE ? ConsoleExporterNames.NAME : "otlp");
    }
    if (serviceName != null) {
      p.put("otel.service.name", serviceName);
    }
    if (get(PREFIX + "THROTTLE") != null) {
      p.put("otel.bsp.schedule.delay", Long.toString(throttle.toMillis()));
      p.put("otel.blrp.schedule.delay", Long.toString(throttle.toMillis()));
    }
    if (!headers.isEmpty()) {
      StringBuilder h = new StringBuilder();
      headers.forEach((k, v) -> {
        if (h.length() > 0) {
          h.append(',');
        }
        h.append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
      });
      p.put("otel.exporter.otlp.headers", h.toString());
    }
    if (disabledLayers.contains("propagation")) {
      p.put("otel.propagators", "none");
    } else if (propagators != null) {
      p.put("otel.propagators", propagators);
    }
    return p;
  }

  /** Pixtrace's defaults, below both {@code OTEL_*} and {@code IMGPROXY_*}. */
  Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("otel.traces.exporter", "otlp");
    d.put("otel.metrics.exporter", "none");
    d.put("otel.logs.exporter", "none");
    d.put("otel.propagators", "tracecontext,baggage");
    // Stalwart's throttle default: batches leave every second.
    d.put("otel.bsp.schedule.delay", "1000");
    d.put("otel.blrp.schedule.delay", "1000");
    return d;
  }

  /** {@code service.name} when nothing names the service: the main class or the jar's name. */
  String defaultServiceName() {
    String command = System.getProperty("sun.java.command");
    if (command == null || command.isBlank()) {
      return "java-image-service";
    }
    String first = command.trim().split("\\s+")[0];
    if (first.endsWith(".jar")) {
      String file = first.substring(first.lastIndexOf('/') + 1);
      return file.substring(0, file.length() - 4);
    }
    return first.substring(first.lastIndexOf('.') + 1);
  }

  void note(String line) {
    notes.add(line);
  }

  private volatile String effectiveExporters;

  void effective(String traces, String metrics, String logs) {
    effectiveExporters = "traces: " + traces + ", metrics: " + metrics + ", logs: " + logs;
  }

  /** Which exporters the SDK was configured with, once it is built (for the start-up line). */
  public String effectiveExporters() {
    return effectiveExporters == null ? "protocol " + protocol.name().toLowerCase(Locale.ROOT) : effectiveExporters;
  }

  /** Layers parsed from the DISABLE variable as an enum-friendly set. */
  public <E extends Enum<E>> EnumSet<E> disabled(Class<E> type) {
    EnumSet<E> out = EnumSet.noneOf(type);
    for (E e : type.getEnumConstants()) {
      if (disabledLayers.contains(e.name().toLowerCase(Locale.ROOT))) {
        out.add(e);
      }
    }
    return out;
  }
}
