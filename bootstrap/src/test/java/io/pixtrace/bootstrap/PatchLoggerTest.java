package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The bundled SDK's log calls as the host's stderr shows them. */
class PatchLoggerTest {
  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * The metric reader's "Exporter failed" carries no cause; the exporter's own line has it. Only
   * the exporter's line is printed (issue 15: a line without a cause helps nobody).
   */
  @Test
  void theReadersCauselessFailureLineIsLeftToTheExportersOwn() {
    String exporter = "io.opentelemetry.exporter.internal.grpc.GrpcExporter." + System.nanoTime();
    String reader = "io.opentelemetry.sdk.metrics.export.PeriodicMetricReader." + System.nanoTime();
    String err = stderrOf(() -> {
      PatchLogger.getLogger(exporter).log(Level.SEVERE,
          "Failed to export metrics. The request could not be executed. Full error message: Failed to connect to /127.0.0.1:9");
      PatchLogger.getLogger(reader).log(Level.WARNING, "Exporter failed");
    });
    assertThat(err).contains("ERROR " + exporter + ": Failed to export metrics. The request could not be executed."
        + " Full error message: Failed to connect to /127.0.0.1:9").doesNotContain("Exporter failed");
  }
}
