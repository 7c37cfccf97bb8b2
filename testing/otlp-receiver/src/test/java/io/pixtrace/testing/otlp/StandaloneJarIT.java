package io.pixtrace.testing.otlp;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs target/otlp-receiver.jar as its own process, as benchmarks do, and exports to it. */
class StandaloneJarIT {

  @Test
  void shadedJarRunsAndPrintsExports() throws Exception {
    Path jar = Path.of(System.getProperty("otlpReceiver.jar", "target/otlp-receiver.jar"));
    assertThat(jar).exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--grpc-port", "0", "--http-port", "0")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception ignored) {
        // process ended
      }
    }, "receiver-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      String first = lines.poll(20, SECONDS);
      assertThat(first).as("first line of the receiver process").isNotNull();
      Matcher m = Pattern.compile(
              "otlp-receiver listening grpc=127\\.0\\.0\\.1:(\\d+) http=http://127\\.0\\.0\\.1:(\\d+)")
          .matcher(first);
      assertThat(m.matches()).as(first).isTrue();
      int grpcPort = Integer.parseInt(m.group(1));
      int httpPort = Integer.parseInt(m.group(2));

      // Exporters only need the URLs; a throwaway in-process receiver is not involved.
      SpanExporter grpc = io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter.builder()
          .setEndpoint("http://127.0.0.1:" + grpcPort).build();
      SpanExporter http = io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder()
          .setEndpoint("http://127.0.0.1:" + httpPort + "/v1/traces").setCompression("gzip").build();
      try {
        assertThat(grpc.export(SampleSpans.create("it", 2)).join(10, SECONDS).isSuccess()).isTrue();
        assertThat(http.export(SampleSpans.create("it", 5)).join(10, SECONDS).isSuccess()).isTrue();
      } finally {
        grpc.shutdown().join(10, SECONDS);
        http.shutdown().join(10, SECONDS);
      }
      assertThat(List.of(lines.poll(10, SECONDS), lines.poll(10, SECONDS)))
          .containsExactly(
              "export signal=traces transport=grpc items=2",
              "export signal=traces transport=http items=5");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(process.isAlive()).isFalse();
    assertThat(Files.size(jar)).isGreaterThan(1_000_000L);
  }
}
