package io.pixtrace.testing.otlp;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The standalone command line, run in-process. */
class ReceiverCliTest {

  @Test
  void parsesOptions() {
    assertThat(ReceiverCli.parse(new String[0]))
        .isEqualTo(new ReceiverCli.Options(4317, 4318, null, null, null, false));
    assertThat(ReceiverCli.parse(new String[] {"--grpc-port", "0", "--http-port", "9999", "--quiet"}))
        .isEqualTo(new ReceiverCli.Options(0, 9999, null, null, null, true));
    assertThat(ReceiverCli.parse(
            new String[] {"--tls-cert", "c.pem", "--tls-key", "k.pem", "--client-ca", "ca.pem"}))
        .isEqualTo(new ReceiverCli.Options(
            4317, 4318, Path.of("c.pem"), Path.of("k.pem"), Path.of("ca.pem"), false));
    assertThatThrownBy(() -> ReceiverCli.parse(new String[] {"--grpc-port"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ReceiverCli.parse(new String[] {"--http-port", "http"}))
        .hasMessageContaining("port number");
    assertThatThrownBy(() -> ReceiverCli.parse(new String[] {"--bogus"}))
        .hasMessageContaining("unknown option");
    assertThatThrownBy(() -> ReceiverCli.parse(new String[] {"--tls-cert", "c.pem"}))
        .hasMessageContaining("go together");
  }

  @Test
  void badArgumentsExitWithStatus2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ReceiverCli.run(new String[] {"--nope"}, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option: --nope", "usage:");
  }

  @Test
  void printsTheEndpointsAndOneLinePerExport() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    try (OtlpReceiver receiver =
        ReceiverCli.start(ReceiverCli.parse(new String[] {"--grpc-port", "0", "--http-port", "0"}), print)) {
      String first = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
      Matcher m = Pattern.compile(
              "otlp-receiver listening grpc=127\\.0\\.0\\.1:(\\d+) http=http://127\\.0\\.0\\.1:(\\d+)")
          .matcher(first);
      assertThat(m.matches()).as(first).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isEqualTo(receiver.grpcPort());
      assertThat(Integer.parseInt(m.group(2))).isEqualTo(receiver.httpPort());

      for (Transport transport : Transport.values()) {
        SpanExporter exporter = Exporters.to(receiver, transport).spans();
        try {
          assertThat(exporter.export(SampleSpans.create("cli", 3)).join(10, SECONDS).isSuccess())
              .isTrue();
        } finally {
          exporter.shutdown().join(10, SECONDS);
        }
      }
      // The standalone receiver keeps counts only.
      assertThat(receiver.spans()).isEmpty();
      assertThat(receiver.itemCount(Signal.TRACES)).isEqualTo(6);
      assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1))
          .containsExactly(
              "export signal=traces transport=grpc items=3",
              "export signal=traces transport=http items=3");
    }
  }
}
