package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.ExportRequest;
import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.Signal;
import io.pixtrace.testing.otlp.TestCertificates;
import io.pixtrace.testing.otlp.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Export to real collectors from a real agent JVM (the JDK 17 host): TLS with a private CA,
 * mutual TLS with the key forms users' tooling writes, GRPC_INSECURE, several collectors at
 * once, export headers, LOSSY and the drop count, X-Ray trace ids. Each {@link OtlpReceiver}
 * here is a loopback collector, with the test CA's certificates where TLS is tested.
 */
class ExportIT {
  private static final Duration WAIT = ExportHost.WAIT;
  private static final String P = "IMGPROXY_OPEN_TELEMETRY_";
  private static final String SECRET = "pixtrace-secret-4f1d9c";

  // ------------------------------------------------------------------ TLS

  @Test
  void grpcTrustsAPrivateCaGivenAsPemContent() throws Exception {
    TestCertificates certs = TestCertificates.get();
    try (OtlpReceiver otlp = tlsReceiver(false); RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env(
            P + "ENDPOINT", otlp.grpcEndpoint(),
            // imgproxy's form: PEM content on one line, newlines written as \n. A server cert
            // means TLS even with GRPC_INSECURE=true (the default).
            P + "SERVER_CERT", Files.readString(certs.caCert()).replace("\n", "\\n"),
            P + "GRPC_INSECURE", "true"))) {
      assertThat(host.image("a.png").statusCode()).isEqualTo(200);
      ReceivedSpan server = otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT);
      assertThat(server.transport()).isEqualTo(Transport.GRPC);
      assertThat(host.stderr()).doesNotContain("could not be used").doesNotContain("not used");
    }
  }

  @Test
  void httpsTrustsAPrivateCaGivenAsAFilePath() throws Exception {
    TestCertificates certs = TestCertificates.get();
    try (OtlpReceiver otlp = tlsReceiver(false); RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env(
            P + "ENDPOINT", OtlpReceiver.HOST + ":" + otlp.httpPort(),
            P + "PROTOCOL", "https",
            P + "SERVER_CERT", certs.caCert().toString()))) {
      assertThat(host.image("a.png").statusCode()).isEqualTo(200);
      assertThat(otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT).transport()).isEqualTo(Transport.HTTP);
    }
  }

  static Stream<Arguments> clientKeys() {
    TestCertificates certs = TestCertificates.get();
    return Stream.of("grpc", "https").flatMap(protocol -> Stream.of(
        Arguments.of(protocol, "PKCS#8", certs.clientCert(), certs.clientKey()),
        Arguments.of(protocol, "PKCS#1", certs.clientCertPkcs1(), certs.clientKeyPkcs1()),
        Arguments.of(protocol, "SEC1 (EC)", certs.clientCertEc(), certs.clientKeyEc())));
  }

  /** The receiver requires a client certificate signed by the test CA (mutual TLS). */
  @ParameterizedTest(name = "{0} with a {1} key")
  @MethodSource("clientKeys")
  void mutualTlsWithTheKeyFormsToolsWrite(String protocol, String form, Path cert, Path key) throws Exception {
    TestCertificates certs = TestCertificates.get();
    try (OtlpReceiver otlp = tlsReceiver(true); RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env(
            P + "ENDPOINT", OtlpReceiver.HOST + ":" + (protocol.equals("grpc") ? otlp.grpcPort() : otlp.httpPort()),
            P + "PROTOCOL", protocol,
            P + "SERVER_CERT", certs.caCert().toString(),
            P + "CLIENT_CERT", cert.toString(),
            // PEM content, as imgproxy takes it, for the key.
            P + "CLIENT_KEY", Files.readString(key).replace("\n", "\\n")))) {
      assertThat(Files.readString(key)).contains(form.startsWith("PKCS#8") ? "BEGIN PRIVATE KEY"
          : form.startsWith("PKCS#1") ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY");
      assertThat(host.image("a.png").statusCode()).isEqualTo(200);
      otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT);
      assertThat(host.stderr()).doesNotContain("could not be used");
    }
  }

  /**
   * imgproxy 3.x: {@code GRPC_INSECURE=false} without a server cert means TLS verified with the
   * system trust store; for a JVM that is its default trust store ({@code javax.net.ssl.trustStore}).
   */
  @Test
  void grpcInsecureFalseMeansTlsWithTheJvmTrustStore() throws Exception {
    TestCertificates certs = TestCertificates.get();
    try (OtlpReceiver otlp = tlsReceiver(false); RecordingOrigin origin = new RecordingOrigin()) {
      Map<String, String> env = env(P + "ENDPOINT", otlp.grpcEndpoint(), P + "GRPC_INSECURE", "false");
      try (ExportHost trusting = ExportHost.start(origin.url(), env, certs.trustStoreJvmOptions())) {
        assertThat(trusting.image("a.png").statusCode()).isEqualTo(200);
        assertThat(otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT).transport()).isEqualTo(Transport.GRPC);
      }
      otlp.clear();
      // The JDK's own trust store does not know the test CA: the handshake fails, nothing arrives.
      try (ExportHost untrusting = ExportHost.start(origin.url(), env)) {
        assertThat(untrusting.image("a.png").statusCode()).isEqualTo(200);
        untrusting.process.awaitStderr("\\[pixtrace\\] ERROR .*(Failed to export spans|PKIX|certification path)", WAIT);
      }
      assertThat(otlp.spans()).isEmpty();
    }
  }

  // ------------------------------------------------------------------ several collectors, headers

  @Test
  void everyCollectorGetsEverySpanAndMetricWithTheHeadersOverGrpc() throws Exception {
    try (OtlpReceiver first = OtlpReceiver.start(); OtlpReceiver second = OtlpReceiver.start();
        RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env(
            P + "ENDPOINT", first.grpcEndpoint() + "," + second.grpcEndpoint(),
            P + "HEADERS", "Authorization: Bearer " + SECRET + ", X-Scope-OrgID: tenant-7",
            P + "ENABLE_METRICS", "true",
            "OTEL_METRIC_EXPORT_INTERVAL", "300",
            "PIXTRACE_DEBUG", "true"))) {
      for (String name : List.of("a.png", "b.png", "c.png")) {
        assertThat(host.image(name).statusCode()).isEqualTo(200);
      }
      for (OtlpReceiver otlp : List.of(first, second)) {
        otlp.awaitSpanCount(9, WAIT);
        otlp.awaitMetric("requests_total", m -> m.value().longValue() == 3, WAIT);
      }
      assertThat(spanIds(second)).hasSize(9).isEqualTo(spanIds(first));
      for (OtlpReceiver otlp : List.of(first, second)) {
        assertThat(otlp.requests(Signal.TRACES)).isNotEmpty();
        assertThat(otlp.requests(Signal.METRICS)).isNotEmpty();
        assertThat(otlp.requests()).allSatisfy(r -> {
          assertThat(r.transport()).isEqualTo(Transport.GRPC);
          assertThat(r.header("authorization")).isEqualTo("Bearer " + SECRET);
          assertThat(r.header("x-scope-orgid")).isEqualTo("tenant-7");
        });
      }
      assertThat(host.stderr()).contains("[pixtrace] DEBUG").doesNotContain(SECRET);
      assertThat(host.process.stdout()).noneMatch(l -> l.contains(SECRET));
    }
  }

  /**
   * The further collectors get the first one's protocol; GRPC_INSECURE plays no part over HTTP.
   * The headers are in {@code OTEL_EXPORTER_OTLP_HEADERS}' own form, values percent-encoded.
   */
  @Test
  void everyCollectorGetsEverySpanWithTheHeadersOverHttp() throws Exception {
    try (OtlpReceiver first = OtlpReceiver.start(); OtlpReceiver second = OtlpReceiver.start();
        RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env(
            P + "ENDPOINT", OtlpReceiver.HOST + ":" + first.httpPort() + ", " + OtlpReceiver.HOST + ":" + second.httpPort(),
            P + "PROTOCOL", "http",
            P + "GRPC_INSECURE", "false",
            P + "HEADERS", "Authorization=Bearer%20" + SECRET + ",X-Scope-OrgID=tenant%3A7"))) {
      assertThat(host.image("a.png").statusCode()).isEqualTo(200);
      assertThat(host.image("b.png").statusCode()).isEqualTo(200);
      first.awaitSpanCount(6, WAIT);
      second.awaitSpanCount(6, WAIT);
      assertThat(spanIds(second)).isEqualTo(spanIds(first));
      for (OtlpReceiver otlp : List.of(first, second)) {
        assertThat(otlp.requests()).isNotEmpty().allSatisfy(r -> {
          assertThat(r.transport()).isEqualTo(Transport.HTTP);
          assertThat(r.header("authorization")).isEqualTo("Bearer " + SECRET);
          assertThat(r.header("x-scope-orgid")).isEqualTo("tenant:7");
        });
      }
      assertThat(host.stderr()).doesNotContain(SECRET);
    }
  }

  /** The copy for the second collector keeps TLS and the client certificate (here a PKCS#1 key). */
  @Test
  void everyCollectorGetsTheSameTls() throws Exception {
    TestCertificates certs = TestCertificates.get();
    try (OtlpReceiver first = tlsReceiver(true); OtlpReceiver second = tlsReceiver(true);
        RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env(
            P + "ENDPOINT", first.grpcEndpoint() + "," + second.grpcEndpoint(),
            P + "SERVER_CERT", certs.caCert().toString(),
            P + "CLIENT_CERT", certs.clientCertPkcs1().toString(),
            P + "CLIENT_KEY", certs.clientKeyPkcs1().toString()))) {
      assertThat(host.image("a.png").statusCode()).isEqualTo(200);
      first.awaitSpanCount(3, WAIT);
      second.awaitSpanCount(3, WAIT);
      assertThat(spanIds(second)).isEqualTo(spanIds(first));
    }
  }

  // ------------------------------------------------------------------ LOSSY

  /**
   * A collector that takes 400 ms per export and a queue of one span: with LOSSY=true (the
   * default) the spans that find the queue full are dropped, and every span is either received
   * or counted in {@code pixtrace.export.dropped}.
   */
  @Test
  void lossyDropsWhatASlowCollectorCannotTakeAndCountsIt() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), slowCollectorEnv(otlp, "true"))) {
      otlp.setResponseDelay(Duration.ofMillis(400));
      for (int i = 0; i < 4; i++) {
        assertThat(host.image("img" + i).statusCode()).isEqualTo(200);
      }
      host.process.awaitStderr("spans are dropped: the export queue for collector " + otlp.grpcEndpoint() + " is full", WAIT);
      otlp.setResponseDelay(Duration.ZERO);
      // 4 requests x 3 spans: each one arrives or is counted, none is lost silently.
      ReceivedMetric dropped = otlp.awaitMetric("pixtrace.export.dropped", m -> "traces".equals(m.attributes().get("signal"))
          && "queue_full".equals(m.attributes().get("error.type")) && m.value().longValue() + otlp.spans().size() == 12, WAIT);
      assertThat(dropped.value().longValue()).isPositive();
      assertThat(dropped.unit()).isEqualTo("{item}");
      assertThat(dropped.type()).isEqualTo(ReceivedMetric.Type.SUM);
      assertThat(dropped.monotonic()).isTrue();
    }
  }

  /**
   * The same slow collector with LOSSY=false: request threads wait for room (at most the batch
   * delay, THROTTLE=5s, per span) and nothing is dropped.
   */
  @Test
  void notLossyWaitsForASlowCollectorAndDropsNothing() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), slowCollectorEnv(otlp, "false"))) {
      Duration export = Duration.ofMillis(400);
      otlp.setResponseDelay(export);
      List<Duration> latencies = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        long sent = System.nanoTime();
        assertThat(host.image("img" + i).statusCode()).isEqualTo(200);
        latencies.add(Duration.ofNanos(System.nanoTime() - sent));
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      // docs/configuration.md, LOSSY=false: the thread that ends a span waits for room in the
      // queue (here one span), at most the batch delay. The collector takes 400 ms per export, one
      // after the other. Each request ends a queue, a CLIENT and a SERVER span, and the host's one
      // dispatcher thread ends a request's SERVER span before it takes the next request: before
      // the 4th answer, 11 spans found room, so 9 exports had ended. The request threads waited.
      assertThat(elapsed).as("4 requests, each answer %s", latencies).isGreaterThanOrEqualTo(export.multipliedBy(9));
      // ... and no request waited longer than the batch delay on each of the two threads that end
      // its spans (the dispatcher ends the SERVER span, the worker the queue and CLIENT spans).
      assertThat(latencies).allSatisfy(l -> assertThat(l).isLessThan(Duration.ofSeconds(5).multipliedBy(2).plusSeconds(1)));
      otlp.awaitSpanCount(12, WAIT);
      long afterSpans = otlp.requests().stream().mapToLong(ExportRequest::sequence).max().orElse(0);
      for (String reason : List.of("queue_full", "export_failed", "shutdown")) {
        ReceivedMetric dropped = otlp.awaitMetric("pixtrace.export.dropped", m -> "traces".equals(m.attributes().get("signal"))
            && reason.equals(m.attributes().get("error.type")) && m.exportSequence() > afterSpans, WAIT);
        assertThat(dropped.value().longValue()).as(reason).isZero();
      }
      assertThat(host.stderr()).doesNotContain("are dropped");
    }
  }

  private static Map<String, String> slowCollectorEnv(OtlpReceiver otlp, String lossy) {
    return env(
        P + "ENDPOINT", otlp.grpcEndpoint(),
        P + "LOSSY", lossy,
        P + "THROTTLE", "5s",
        P + "ENABLE_METRICS", "true",
        "OTEL_METRIC_EXPORT_INTERVAL", "300",
        "OTEL_BSP_MAX_QUEUE_SIZE", "1",
        "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "1");
  }

  // ------------------------------------------------------------------ X-Ray ids

  @Test
  void xrayTraceIdsStartWithTheEpochSecond() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env(
            P + "ENDPOINT", otlp.grpcEndpoint(), P + "TRACE_ID_GENERATOR", "xray"))) {
      long before = System.currentTimeMillis() / 1000;
      assertThat(host.image("a.png").statusCode()).isEqualTo(200);
      long after = System.currentTimeMillis() / 1000;
      List<ReceivedSpan> spans = otlp.awaitSpanCount(3, WAIT);
      String traceId = spans.get(0).traceId();
      assertThat(spans).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId));
      assertThat(Long.parseLong(traceId.substring(0, 8), 16)).isBetween(before, after);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static OtlpReceiver tlsReceiver(boolean mutual) {
    TestCertificates certs = TestCertificates.get();
    OtlpReceiver.Builder b = OtlpReceiver.builder().tls(certs.serverCert(), certs.serverKey());
    if (mutual) {
      b.clientCa(certs.caCert());
    }
    return b.start();
  }

  /** The variables given, plus a short batch delay so that tests do not wait for exports. */
  private static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put(P + "THROTTLE", "100ms");
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  private static Set<String> spanIds(OtlpReceiver otlp) {
    return otlp.spans().stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
  }
}
