package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.testing.otlp.ExportRequest;
import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.Signal;
import io.pixtrace.testing.otlp.TestCertificates;
import io.pixtrace.testing.otlp.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the SDK is put together from the settings, seen from what reaches loopback collectors
 * (the test OTLP receiver): one exporter and one queue per collector with the same settings
 * (docs/configuration.md, several collectors), the OTLP/HTTP signal path, the LOSSY queue in
 * front of a single collector, the connect timeout, X-Ray trace ids.
 */
class SdkFactoryTest {
  private static final String PREFIX = "IMGPROXY_OPEN_TELEMETRY_";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<String> properties = new ArrayList<>();

  /** Shutdown exports the metrics once more, to ports where nothing listens: fail fast. */
  @BeforeAll
  static void shortExportTimeout() {
    System.setProperty("otel.exporter.otlp.timeout", "200");
  }

  @AfterAll
  static void defaultExportTimeout() {
    System.clearProperty("otel.exporter.otlp.timeout");
  }

  /** Sets an {@code otel.*} system property for this test only (the SDK reads them at build time). */
  private void property(String name, String value) {
    properties.add(name);
    System.setProperty(name, value);
  }

  @AfterEach
  void clearProperties() {
    properties.forEach(System::clearProperty);
    System.setProperty("otel.exporter.otlp.timeout", "200");
  }

  /**
   * Each collector gets every span and metric, with the headers; and each has its own queue: while
   * the first collector holds its first export (5 s), the second one gets the next span.
   */
  @Test
  void everyCollectorGetsItsOwnQueueAndTheSameExporterSettings() throws Exception {
    property("otel.exporter.otlp.timeout", "20000");
    try (OtlpReceiver slow = OtlpReceiver.start(); OtlpReceiver fast = OtlpReceiver.start()) {
      slow.setResponseDelay(Duration.ofSeconds(5));
      OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
          PREFIX + "ENDPOINT", slow.grpcEndpoint() + ", " + fast.grpcEndpoint(),
          PREFIX + "HEADERS", "Authorization: Bearer s3cr3t-value",
          PREFIX + "ENABLE_METRICS", "true",
          PREFIX + "THROTTLE", "100ms"))).sdk();
      Span first;
      Span second;
      try {
        Tracer tracer = sdk.getTracer("test");
        first = tracer.spanBuilder("first").startSpan();
        first.end();
        fast.awaitSpan(s -> s.name().equals("first"), WAIT);
        second = tracer.spanBuilder("second").startSpan();
        second.end();
        fast.awaitSpan(s -> s.name().equals("second"), WAIT);
        assertThat(slow.requestCount(Signal.TRACES)).as("exports the slow collector has answered").isZero();
        slow.setResponseDelay(Duration.ZERO); // the export it holds still takes its 5 s
        sdk.getMeter("test").counterBuilder("test.requests").build().add(3);
        assertThat(sdk.getSdkMeterProvider().forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
      } finally {
        sdk.shutdown().join(30, TimeUnit.SECONDS);
      }
      for (OtlpReceiver otlp : List.of(slow, fast)) {
        assertThat(otlp.spans()).extracting(ReceivedSpan::spanId)
            .containsExactlyInAnyOrder(first.getSpanContext().getSpanId(), second.getSpanContext().getSpanId());
        assertThat(otlp.latest("test.requests")).map(ReceivedMetric::longValue).contains(3L);
        assertThat(otlp.requests()).extracting(ExportRequest::signal).contains(Signal.TRACES, Signal.METRICS);
        assertThat(otlp.requests()).allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer s3cr3t-value"));
      }
    }
  }

  /** Over OTLP/HTTPS each collector gets {@code /v1/traces} appended (the receiver serves only that). */
  @Test
  void httpsCollectorsGetTheirSignalPath() {
    // The class's 200 ms export timeout is shorter than a cold TLS handshake on a busy machine.
    property("otel.exporter.otlp.timeout", "20000");
    TestCertificates certs = TestCertificates.get();
    try (OtlpReceiver first = OtlpReceiver.builder().tls(certs.serverCert(), certs.serverKey()).start();
        OtlpReceiver second = OtlpReceiver.builder().tls(certs.serverCert(), certs.serverKey()).start()) {
      OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
          PREFIX + "ENDPOINT", "127.0.0.1:" + first.httpPort() + ",localhost:" + second.httpPort(),
          PREFIX + "PROTOCOL", "https",
          PREFIX + "SERVER_CERT", certs.caCert().toString()))).sdk();
      try {
        sdk.getTracer("test").spanBuilder("over https").startSpan().end();
        assertThat(sdk.getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
      } finally {
        sdk.shutdown().join(10, TimeUnit.SECONDS);
      }
      for (OtlpReceiver otlp : List.of(first, second)) {
        assertThat(otlp.spans()).singleElement().satisfies(s -> {
          assertThat(s.name()).isEqualTo("over https");
          assertThat(s.transport()).isEqualTo(Transport.HTTP);
        });
      }
    }
  }

  /**
   * One collector, one queue: every span arrives once, and LOSSY's count sits in front of it
   * too (a one-span queue in front of a collector that takes a second: what finds it full is
   * dropped and counted, none is lost silently). Ids are random, not X-Ray's.
   */
  @Test
  void oneCollectorOneQueue() {
    property("otel.exporter.otlp.timeout", "20000");
    property("otel.bsp.max.queue.size", "1");
    property("otel.bsp.max.export.batch.size", "1");
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
          PREFIX + "ENDPOINT", otlp.grpcEndpoint(),
          PREFIX + "ENABLE_METRICS", "true",
          PREFIX + "THROTTLE", "100ms"))).sdk();
      List<String> ended = new ArrayList<>();
      long now = System.currentTimeMillis() / 1000;
      try {
        otlp.setResponseDelay(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
          Span span = sdk.getTracer("test").spanBuilder("span " + i).startSpan();
          span.end();
          ended.add(span.getSpanContext().getSpanId());
        }
        assertThat(sdk.getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        otlp.setResponseDelay(Duration.ZERO);
        assertThat(sdk.getSdkMeterProvider().forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
      } finally {
        sdk.shutdown().join(30, TimeUnit.SECONDS);
      }
      List<String> received = otlp.spans().stream().map(ReceivedSpan::spanId).toList();
      assertThat(received).as("each span at most once").doesNotHaveDuplicates();
      assertThat(ended).containsAll(received);
      long dropped = otlp.latest("pixtrace.export.dropped", Map.of("signal", "traces", "error.type", "queue_full")).orElseThrow().longValue();
      assertThat(dropped).as("dropped, with %s received", received.size()).isPositive();
      assertThat(received.size() + dropped).isEqualTo(5);
      assertThat(otlp.spans()).allSatisfy(s -> assertThat(Math.abs(Long.parseLong(s.traceId().substring(0, 8), 16) - now))
          .as("the first 4 bytes of %s are not the epoch second", s.traceId()).isGreaterThan(5L));
    }
  }

  /**
   * A bad value of one of the SDK's own variables is one line naming it and its value, and the
   * SDK is built with its default in place (the SDK alone fails its whole build with
   * "Unexpected configuration error").
   */
  @Test
  void aBadSdkVariableIsNamedAndItsDefaultUsed() {
    property("otel.exporter.otlp.timeout", "20000");
    property("otel.bsp.max.queue.size", "-1");
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      Settings settings = Settings.read(Map.of(PREFIX + "ENDPOINT", otlp.grpcEndpoint(), PREFIX + "THROTTLE", "100ms"));
      assertThat(settings.errors()).containsExactly("OTEL_BSP_MAX_QUEUE_SIZE=\"-1\" is not a count: allowed is a whole number"
          + " from 1 to 2147483647; using 2048");
      OpenTelemetrySdk sdk = SdkFactory.build(settings).sdk();
      try {
        sdk.getTracer("test").spanBuilder("after a bad queue size").startSpan().end();
        otlp.awaitSpan(s -> s.name().equals("after a bad queue size"), WAIT);
      } finally {
        sdk.shutdown().join(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Attribute values are cut to 4096 characters by default (a client can send a 100 KB
   * User-Agent or query); {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT} sets another limit.
   */
  @Test
  void attributeValuesHaveALengthLimitByDefault() {
    property("otel.exporter.otlp.timeout", "20000");
    String huge = "x".repeat(100_000);
    for (String limit : new String[] {null, "100"}) {
      if (limit != null) {
        property("otel.attribute.value.length.limit", limit);
      }
      try (OtlpReceiver otlp = OtlpReceiver.start()) {
        OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(PREFIX + "ENDPOINT", otlp.grpcEndpoint(),
            PREFIX + "THROTTLE", "100ms"))).sdk();
        try {
          Span span = sdk.getTracer("test").spanBuilder("huge").setAttribute("user_agent.original", huge).startSpan();
          span.setAttribute("url.query", huge);
          span.end();
          ReceivedSpan received = otlp.awaitSpan(s -> s.name().equals("huge"), WAIT);
          int expected = limit == null ? 4096 : 100;
          assertThat((String) received.attribute("user_agent.original")).isEqualTo(huge.substring(0, expected));
          assertThat((String) received.attribute("url.query")).hasSize(expected);
        } finally {
          sdk.shutdown().join(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /**
   * CONNECTION_TIMEOUT reaches every collector's exporter: against two collectors whose accept
   * queue is full (each connection attempt hangs until the connect timeout), with a 30 s export
   * timeout, the export to both gives up within 5 attempts of 1 s plus the SDK's retry back-off
   * (at most 8.1 s in all). With the SDK's own 10 s connect timeout it would take the whole 30 s.
   */
  @Test
  void theConnectionTimeoutAppliesToEveryCollector() throws Exception {
    property("otel.exporter.otlp.timeout", "30000");
    try (Stalled a = new Stalled(); Stalled b = new Stalled()) {
      OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
          PREFIX + "ENDPOINT", "127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port(),
          PREFIX + "CONNECTION_TIMEOUT", "1"))).sdk();
      try {
        sdk.getTracer("test").spanBuilder("never delivered").startSpan().end();
        long start = System.nanoTime();
        // The batch processors' flush ends when their exports have, whatever the outcome.
        sdk.getSdkTracerProvider().forceFlush().join(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(20));
      } finally {
        sdk.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void xrayTraceIds() {
    OpenTelemetrySdk sdk = SdkFactory.build(Settings.read(Map.of(
        PREFIX + "PROTOCOL", "console", PREFIX + "TRACE_ID_GENERATOR", "xray"))).sdk();
    try {
      long now = System.currentTimeMillis() / 1000;
      Set<String> ids = new java.util.HashSet<>();
      for (int i = 0; i < 3; i++) {
        Span span = sdk.getTracer("test").spanBuilder("x").startSpan();
        ids.add(span.getSpanContext().getTraceId());
      }
      assertThat(ids).hasSize(3).allSatisfy(id ->
          assertThat(Long.parseLong(id.substring(0, 8), 16)).isBetween(now - 5, now + 5));
      assertThat(ids.stream().map(id -> id.substring(8)).collect(Collectors.toSet())).as("the rest is random").hasSize(3);
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

  /**
   * A listening port whose accept queue is full: a new connection to it hangs (the kernel drops
   * its SYN) until the client's connect timeout.
   */
  private static final class Stalled implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> queued = new ArrayList<>();

    Stalled() throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      for (int i = 0; i < 16; i++) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 500);
          queued.add(s);
        } catch (SocketTimeoutException full) {
          s.close();
          return;
        }
      }
      throw new IllegalStateException("the accept queue never filled up");
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      for (Socket s : queued) {
        s.close();
      }
      server.close();
    }
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
