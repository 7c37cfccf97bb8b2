package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.pixtrace.agent.config.Settings;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the SDK is put together from the settings (no collector needed: nothing is exported). */
class SdkFactoryTest {
  private static final String PREFIX = "IMGPROXY_OPEN_TELEMETRY_";

  /** Shutdown exports the metrics once more, to ports where nothing listens: fail fast. */
  @BeforeAll
  static void shortExportTimeout() {
    System.setProperty("otel.exporter.otlp.timeout", "200");
  }

  @AfterAll
  static void defaultExportTimeout() {
    System.clearProperty("otel.exporter.otlp.timeout");
  }

  @Test
  void everyCollectorGetsItsOwnQueueAndTheSameExporterSettings() {
    OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
        PREFIX + "ENDPOINT", "127.0.0.1:14317, 127.0.0.2:24317",
        PREFIX + "HEADERS", "Authorization: Bearer s3cr3t-value",
        PREFIX + "ENABLE_METRICS", "true",
        PREFIX + "CONNECTION_TIMEOUT", "7"))).sdk();
    try {
      String traces = sdk.getSdkTracerProvider().toString();
      assertThat(traces).contains("GatedSpanProcessor[BatchSpanProcessor")
          .contains("endpoint=http://127.0.0.1:14317").contains("endpoint=http://127.0.0.2:24317")
          .doesNotContain("s3cr3t");
      assertThat(count(traces, "BatchSpanProcessor{")).isEqualTo(2);
      assertThat(count(traces, "connectTimeoutNanos=7000000000")).isEqualTo(2);
      assertThat(count(traces, "Authorization=OBFUSCATED")).isEqualTo(2);
      String metrics = sdk.getSdkMeterProvider().toString();
      assertThat(metrics).contains("endpoint=http://127.0.0.1:14317").contains("endpoint=http://127.0.0.2:24317")
          .doesNotContain("s3cr3t");
      assertThat(count(metrics, "Authorization=OBFUSCATED")).isEqualTo(2);
    } finally {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void httpsCollectorsGetTheirSignalPath() {
    OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
        PREFIX + "ENDPOINT", "127.0.0.1:14318,localhost:24318",
        PREFIX + "PROTOCOL", "https"))).sdk();
    try {
      assertThat(sdk.getSdkTracerProvider().toString())
          .contains("endpoint=https://127.0.0.1:14318/v1/traces").contains("endpoint=https://localhost:24318/v1/traces");
    } finally {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void oneCollectorOneQueue() {
    OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(PREFIX + "ENDPOINT", "127.0.0.1:14317"))).sdk();
    try {
      String traces = sdk.getSdkTracerProvider().toString();
      assertThat(traces).contains("GatedSpanProcessor[BatchSpanProcessor");
      assertThat(count(traces, "BatchSpanProcessor{")).isEqualTo(1);
      assertThat(traces).contains("idGenerator=RandomIdGenerator").doesNotContain("Xray");
    } finally {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void xrayTraceIds() {
    OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
        PREFIX + "PROTOCOL", "console", PREFIX + "TRACE_ID_GENERATOR", "xray"))).sdk();
    try {
      long now = System.currentTimeMillis() / 1000;
      Span span = sdk.getTracer("test").spanBuilder("x").startSpan();
      String id = span.getSpanContext().getTraceId();
      assertThat(Long.parseLong(id.substring(0, 8), 16)).isBetween(now - 5, now + 5);
      assertThat(sdk.getSdkTracerProvider().toString()).contains("idGenerator=XrayIdGenerator");
    } finally {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void tlsMaterialTheSdkRejectsIsReportedOnceWithoutItsContentAndLeftOut() {
    String badCert = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
    String encryptedKey = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END ENCRYPTED PRIVATE KEY-----\n";
    String err = stderrOf(() -> SdkFactory.build(Settings.read(Map.of(
        PREFIX + "ENDPOINT", "127.0.0.1:14318,127.0.0.1:24318",
        PREFIX + "PROTOCOL", "https",
        PREFIX + "ENABLE_METRICS", "true",
        PREFIX + "ENABLE_LOGS", "true",
        PREFIX + "SERVER_CERT", badCert,
        PREFIX + "CLIENT_CERT", badCert,
        PREFIX + "CLIENT_KEY", encryptedKey))).sdk());
    assertThat(count(err, "IMGPROXY_OPEN_TELEMETRY_SERVER_CERT could not be used")).as(err).isEqualTo(1);
    assertThat(count(err, "IMGPROXY_OPEN_TELEMETRY_CLIENT_KEY could not be used (the key is encrypted")).as(err).isEqualTo(1);
    assertThat(err).doesNotContain("bm90IGEgY2VydGlmaWNhdGU").doesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbA");
  }

  @Test
  void tlsVariablesAreNotUsedOverPlaintextAndOneLineSaysSo() {
    String err = stderrOf(() -> SdkFactory.build(Settings.read(Map.of(
        PREFIX + "ENDPOINT", "127.0.0.1:14318",
        PREFIX + "PROTOCOL", "http",
        PREFIX + "ENABLE_METRICS", "true",
        PREFIX + "SERVER_CERT", "-----BEGIN CERTIFICATE-----\nbm90\n-----END CERTIFICATE-----\n"))).sdk());
    assertThat(count(err, "SERVER_CERT / _CLIENT_CERT / _CLIENT_KEY are not used: the collector connection is plaintext"))
        .as(err).isEqualTo(1);
    assertThat(err).doesNotContain("could not be used");
  }

  /** Runs {@code build} (then shuts the SDK down) and returns what it printed on standard error. */
  private static String stderrOf(java.util.function.Supplier<OpenTelemetrySdk> build) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    OpenTelemetrySdk sdk = null;
    try {
      sdk = build.get();
    } finally {
      System.setErr(original);
      if (sdk != null) {
        sdk.shutdown();
      }
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
