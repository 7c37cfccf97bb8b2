package io.pixtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variable fed malformed values: exactly one error line, naming the variable, showing
 * the value (or, for secrets, only its length) and saying what is allowed. The host-level
 * behaviour (the host still starts; strict mode stops it) is covered by Jdk17HostIT.
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
        row("IMGPROXY_OPEN_TELEMETRY_HEADERS", "Authorization Bearer s3cr3t", "Name: value entries", false),
        row("IMGPROXY_OPEN_TELEMETRY_RESOURCE_ATTRIBUTES", "team", "key=value entries", true),
        row("IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS", "health", "/exact/paths and /prefixes/*", true),
        row("IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS", "/static/*/x", "/exact/paths and /prefixes/*", true),
        row("IMGPROXY_OPEN_TELEMETRY_DISABLE", "everything", "server, download, queue, processing, propagation, runtime-metrics", true),
        row("IMGPROXY_PROMETHEUS_BIND", "9464", "host:port", true),
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
}
