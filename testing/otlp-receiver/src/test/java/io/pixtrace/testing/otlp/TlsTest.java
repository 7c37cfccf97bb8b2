package io.pixtrace.testing.otlp;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS and mutual TLS on both transports, with material generated at test time by {@link
 * TestCertificates}.
 */
class TlsTest {

  private static byte[] read(Path file) {
    return TestCertificates.read(file);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void serverTls(Transport transport) {
    TestCertificates certs = TestCertificates.get();
    List<SpanData> spans = SampleSpans.create("secure", 1);
    try (OtlpReceiver receiver =
        OtlpReceiver.builder().tls(certs.serverCert(), certs.serverKey()).start()) {
      assertThat(receiver.tlsEnabled()).isTrue();
      assertThat(receiver.grpcUrl()).startsWith("https://127.0.0.1:");
      assertThat(receiver.httpEndpoint()).startsWith("https://127.0.0.1:");
      SpanExporter exporter =
          Exporters.to(receiver, transport).tls(read(certs.caCert()), null, null).spans();
      try {
        assertThat(exporter.export(spans).join(10, SECONDS).isSuccess()).isTrue();
      } finally {
        exporter.shutdown().join(10, SECONDS);
      }
      assertThat(receiver.awaitSpanCount(1, Duration.ofSeconds(5)))
          .singleElement().extracting(ReceivedSpan::transport).isEqualTo(transport);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void mutualTlsNeedsAClientCertificate(Transport transport) {
    TestCertificates certs = TestCertificates.get();
    List<SpanData> spans = SampleSpans.create("mtls", 1);
    try (OtlpReceiver receiver =
        OtlpReceiver.builder()
            .tls(certs.serverCert(), certs.serverKey())
            .clientCa(certs.caCert())
            .start()) {
      SpanExporter anonymous =
          Exporters.to(receiver, transport).timeout(Duration.ofSeconds(3))
              .tls(read(certs.caCert()), null, null).spans();
      try {
        assertThat(anonymous.export(spans).join(10, SECONDS).isSuccess()).isFalse();
      } finally {
        anonymous.shutdown().join(10, SECONDS);
      }
      assertThat(receiver.spans()).isEmpty();

      SpanExporter authenticated =
          Exporters.to(receiver, transport)
              .tls(read(certs.caCert()), read(certs.clientKey()), read(certs.clientCert()))
              .spans();
      try {
        assertThat(authenticated.export(spans).join(10, SECONDS).isSuccess()).isTrue();
      } finally {
        authenticated.shutdown().join(10, SECONDS);
      }
      assertThat(receiver.awaitSpanCount(1, Duration.ofSeconds(5))).hasSize(1);
    }
  }
}
