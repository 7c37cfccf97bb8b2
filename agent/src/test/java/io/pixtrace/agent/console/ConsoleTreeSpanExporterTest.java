package io.pixtrace.agent.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleTreeSpanExporterTest {
  @Test
  void printsATreeWhenTheRootEnds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(new ConsoleTreeSpanExporter(new PrintStream(bytes, true, StandardCharsets.UTF_8))))
        .build()) {
      Tracer tracer = provider.get("test");
      Span root = tracer.spanBuilder("GET /avatar/").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        tracer.spanBuilder("queue").startSpan().end();
        Span processing = tracer.spanBuilder("processing_image").startSpan();
        try (Scope inner = processing.makeCurrent()) {
          Span vips = tracer.spanBuilder("vips image_write_to_buffer").startSpan();
          vips.setStatus(StatusCode.ERROR, "libvips says:\nline two");
          vips.end();
        }
        processing.end();
        assertThat(bytes.size()).as("nothing before the root ends").isZero();
      }
      root.setAttribute("http.response.status_code", 200L);
      root.end();
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[0]).matches("\\[pixtrace] trace [0-9a-f]{32}  service=.*");
    assertThat(lines[1]).matches("GET /avatar/ \\(SERVER\\) \\d+\\.\\d ms  http.response.status_code=200");
    assertThat(lines[2]).startsWith("├── queue ");
    assertThat(lines[3]).startsWith("└── processing_image ");
    assertThat(lines[4]).startsWith("    └── vips image_write_to_buffer ");
    assertThat(lines[5]).isEqualTo("          ! ERROR: libvips says: | line two");
  }
}
