package io.pixtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variable fed malformed values: exactly one error line, naming the variable, showing
 * the value (or, for secrets, only its length) and saying what is allowed. The rows below pin
 * the wording for chosen values; {@link #everyVariableOfTheTable} feeds each variable of
 * {@link Variables} a bad value for its type. The host-level behaviour (the host still starts;
 * strict mode stops it) is covered by Jdk17HostIT.
 */
class BadInputTest {
  static Stream<Arguments> table() {
    return Stream.of(
        // variable, malformed value, what the line must say is allowed, whether the value may be shown
        row("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "http://collector:4317", "host:port without a scheme", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "collector", "host:port", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "collector:99999", "host:port", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "a:4317,b:port", "host:port", true),
        row("IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "grcp", "grpc, https, http, console", true),
        row("IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", "tracecontext,zipkin", "tracecontext, baggage, b3, b3multi, jaeger, xray, ottrace, none", true),
        row("IMGPROXY_OPEN_TELEMETRY_GRPC_INSECURE", "maybe", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "2", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENABLE", "enabled", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS", "y", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENABLE_TRACES", "nope", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL", "sometimes", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_LOSSY", "-1", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_STRICT", "very", "true or false", true),
        row("IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT", "-3", "whole number of seconds from 1 to 3600", true),
        row("IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT", "5s", "whole number of seconds from 1 to 3600", true),
        row("IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT", "99999999999", "whole number of seconds from 1 to 3600", true),
        row("IMGPROXY_OPEN_TELEMETRY_THROTTLE", "fast", "500ms, 1s, 2m", true),
        row("IMGPROXY_OPEN_TELEMETRY_THROTTLE", "0", "500ms, 1s, 2m", true),
        row("IMGPROXY_OPEN_TELEMETRY_THROTTLE", "11m", "500ms, 1s, 2m", true),
        row("IMGPROXY_OPEN_TELEMETRY_TRACE_ID_GENERATOR", "snowflake", "random, xray", true),
        row("IMGPROXY_OPEN_TELEMETRY_SERVER_CERT", "/nonexistent/ca.pem", "PEM text (newlines as \\n) or a file path", false),
        row("IMGPROXY_OPEN_TELEMETRY_SERVER_CERT", "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----", "-----BEGIN ...CERTIFICATE-----", false),
        row("IMGPROXY_OPEN_TELEMETRY_CLIENT_KEY", "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----", "mTLS needs both", false),
        row("IMGPROXY_OPEN_TELEMETRY_CLIENT_CERT", "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----", "mTLS needs both", false),
        row("IMGPROXY_OPEN_TELEMETRY_HEADERS", "Authorization Bearer s3cr3t", "Name: value or Name=value entries", false),
        row("IMGPROXY_OPEN_TELEMETRY_RESOURCE_ATTRIBUTES", "team", "key=value entries", true),
        row("IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS", "health", "/exact/paths and /prefixes/*", true),
        row("IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS", "/static/*/x", "/exact/paths and /prefixes/*", true),
        row("IMGPROXY_OPEN_TELEMETRY_DISABLE", "everything", "server, download, queue, processing, host-api, log-correlation, propagation, runtime-metrics", true),
        row("IMGPROXY_PROMETHEUS_BIND", "9464", "host:port", true),
        row("IMGPROXY_PROMETHEUS_BIND", "[::1:9464", "host:port", true),
        row("IMGPROXY_PROMETHEUS_BIND", "::1:9464", "host:port", true),
        row("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "[::1:4317", "host:port", true),
        row("IMGPROXY_OPEN_TELEMETRY_SENSITIVE_QUERY_PARAMS", "a b", "* only at the end", true),
        row("IMGPROXY_OPEN_TELEMETRY_SENSITIVE_QUERY_PARAMS", "*x", "* only at the end", true),
        row("IMGPROXY_OPEN_TELEMETRY_SENSITIVE_QUERY_PARAMS_REPLACE", "yes please", "true or false", true),
        row("OTEL_BSP_MAX_QUEUE_SIZE", "-1", "a whole number from 1", true),
        row("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "1e3", "a whole number from 1", true),
        row("OTEL_BSP_SCHEDULE_DELAY", "5 seconds", "with a unit (ms, s, m, h, d)", true),
        row("OTEL_METRIC_EXPORT_INTERVAL", "0", "a whole number of milliseconds from 1", true),
        row("OTEL_EXPORTER_OTLP_TIMEOUT", "-5s", "a whole number of milliseconds from 0", true),
        row("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "unlimited", "a whole number from 0", true),
        row("OTEL_SPAN_EVENT_COUNT_LIMIT", "-1", "a whole number from 0", true),
        row("OTEL_PROMETHEUS_ENDPOINT", "0.0.0.0:", "host:port", true),
        row("IMGPROXY_PROMETHEUS_NAMESPACE", "9avatars", "letters, digits and _", true),
        row("IMGPROXY_PROMETHEUS_NAMESPACE", "my-app", "letters, digits and _", true),
        row("IMGPROXY_OPEN_TELEMETRY_DOWNLOAD_METHODS", "com.acme.Fetch.get", "fully.qualified.Class#method or Class#*", true),
        row("IMGPROXY_OPEN_TELEMETRY_QUEUE_METHODS", "com.acme.Slots#", "fully.qualified.Class#method or Class#*", true),
        row("IMGPROXY_OPEN_TELEMETRY_PROCESSING_METHODS", "Images resize", "fully.qualified.Class#method or Class#*", true),
        row("OTEL_ENABLED", "maybe", "true or false", true),
        row("OTEL_EXPORT_ENABLED", "oui", "true or false", true),
        row("OTEL_SDK_DISABLED", "perhaps", "true or false", true));
  }

  private static Arguments row(String variable, String value, String allowed, boolean valueShown) {
    return Arguments.of(variable, value, allowed, valueShown);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("table")
  void oneClearLinePerBadValue(String variable, String value, String allowed, boolean valueShown) {
    Settings s = Settings.read(Map.of(variable, value));
    assertThat(s.errors()).as("errors for %s=%s", variable, value).hasSize(1);
    String line = s.errors().get(0);
    assertThat(line).contains(variable).contains(allowed);
    if (valueShown) {
      assertThat(line).as("the value is named").contains(value.contains(",") ? value.split(",")[1] : value);
    } else {
      assertThat(line).as("secrets are never printed").doesNotContain("AAAA").doesNotContain("s3cr3t")
          .doesNotContain(value);
    }
  }

  /** A bad value for each parser kind of {@link Parsers}; a new kind needs one here. */
  private static final Map<String, String> BAD_BY_KIND = Map.ofEntries(
      Map.entry("boolean", "maybe"),
      Map.entry("choice", "nope"),
      Map.entry("seconds", "5s"),
      Map.entry("duration", "fast"),
      Map.entry("host:port list", "http://collector:4317"),
      Map.entry("host:port", "9464"),
      Map.entry("metric prefix", "9avatars"),
      Map.entry("PEM", "/nonexistent/secret.pem"),
      Map.entry("headers", "Authorization Bearer s3cr3t"),
      Map.entry("key=value list", "team"),
      Map.entry("path list", "health"),
      Map.entry("header name list", "Save Data"),
      Map.entry("count", "-1"),
      Map.entry("ratio", "10%"),
      Map.entry("method list", "com.acme.Fetch.get"),
      Map.entry("name list", "no-such-name"),
      Map.entry("query parameter list", "api key"),
      Map.entry("SDK duration", "fast"));

  /** Kinds that take any text. */
  private static final Set<String> ANY_TEXT = Set.of("text", "list");

  static Stream<Variable<?>> variables() {
    return Variables.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variables")
  void everyVariableOfTheTable(Variable<?> variable) {
    String kind = variable.parser().kind();
    if (ANY_TEXT.contains(kind)) {
      assertThat(Settings.read(Map.of(variable.name(), "any text = : ; # \\n")).errors()).isEmpty();
      return;
    }
    assertThat(BAD_BY_KIND).as("a bad value for the kind %s of %s", kind, variable.name()).containsKey(kind);
    String bad = BAD_BY_KIND.get(kind);
    Settings s = Settings.read(Map.of(variable.name(), bad));
    assertThat(s.errors()).as("errors for %s=%s", variable.name(), bad).hasSize(1);
    String line = s.errors().get(0);
    assertThat(line).startsWith(variable.name()).contains(variable.parser().allowed());
    if (variable.secret()) {
      assertThat(line).as("secrets are never printed").doesNotContain(bad).doesNotContain("s3cr3t");
    } else {
      assertThat(line).as("the value is named").contains("\"" + bad + "\"");
    }
    assertThat(inUse(s, variable)).as("the bad part is turned off").doesNotContain(bad);
  }

  private static <T> String inUse(Settings s, Variable<T> variable) {
    T value = s.get(variable);
    return value == null ? "" : variable.parser().show(value);
  }

  /** {@link io.pixtrace.instrumentation.api.Layer} names as {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} takes them. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void layersParseFromTheirConfigNames(io.pixtrace.instrumentation.api.Layer layer) {
    assertThat(io.pixtrace.instrumentation.api.Layer.parse(" " + layer.configName().toUpperCase(java.util.Locale.ROOT) + " "))
        .contains(layer);
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_DISABLE", layer.configName()));
    if (layer == io.pixtrace.instrumentation.api.Layer.LOGS) {
      assertThat(s.errors()).as("logs are switched on by ENABLE_LOGS, not off by DISABLE").hasSize(1);
    } else {
      assertThat(s.errors()).isEmpty();
      assertThat(s.disabledLayers()).containsExactly(layer);
    }
  }

  static Stream<io.pixtrace.instrumentation.api.Layer> layers() {
    return Stream.of(io.pixtrace.instrumentation.api.Layer.values());
  }
}
