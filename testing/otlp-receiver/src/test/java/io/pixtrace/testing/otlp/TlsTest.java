package io.pixtrace.testing.otlp;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS and mutual TLS on both transports, with the test-only material in src/test/resources/tls. */
class TlsTest {

  private static Path tls(String name) {
    try {
      return Path.of(TlsTest.class.getResource("/tls/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(String name) throws IOException {
    return Files.readAllBytes(tls(name));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void serverTls(Transport transport) throws IOException {
    List<SpanData> spans = SampleSpans.create("secure", 1);
    try (OtlpReceiver receiver =
        OtlpReceiver.builder().tls(tls("server.pem"), tls("server.key")).start()) {
      assertThat(receiver.tlsEnabled()).isTrue();
      assertThat(receiver.grpcUrl()).startsWith("https://127.0.0.1:");
      assertThat(receiver.httpEndpoint()).startsWith("https://127.0.0.1:");
      SpanExporter exporter =
          Exporters.to(receiver, transport).tls(read("ca.pem"), null, null).spans();
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
  void mutualTlsNeedsAClientCertificate(Transport transport) throws IOException {
    List<SpanData> spans = SampleSpans.create("mtls", 1);
    try (OtlpReceiver receiver =
        OtlpReceiver.builder()
            .tls(tls("server.pem"), tls("server.key"))
            .clientCa(tls("ca.pem"))
            .start()) {
      SpanExporter anonymous =
          Exporters.to(receiver, transport).timeout(Duration.ofSeconds(3))
              .tls(read("ca.pem"), null, null).spans();
      try {
        assertThat(anonymous.export(spans).join(10, SECONDS).isSuccess()).isFalse();
      } finally {
        anonymous.shutdown().join(10, SECONDS);
      }
      assertThat(receiver.spans()).isEmpty();

      SpanExporter authenticated =
          Exporters.to(receiver, transport)
              .tls(read("ca.pem"), read("client.key"), read("client.pem")).spans();
      try {
        assertThat(authenticated.export(spans).join(10, SECONDS).isSuccess()).isTrue();
      } finally {
        authenticated.shutdown().join(10, SECONDS);
      }
      assertThat(receiver.awaitSpanCount(1, Duration.ofSeconds(5))).hasSize(1);
    }
  }
}
