package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.Signal;
import io.pixtrace.testing.otlp.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK's own OTLP exporters, given only {@link LazySenders} (as the agent jar's services do). */
class LazySendersTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The sender services the agent jar lists; everything else as the class path has it. */
  private static final ComponentLoader AGENT_SERVICES = new ComponentLoader() {
    @Override
    @SuppressWarnings("unchecked")
    public <T> Iterable<T> load(Class<T> type) {
      if (type == GrpcSenderProvider.class) {
        return (Iterable<T>) List.of(new LazySenders.Grpc());
      }
      if (type == HttpSenderProvider.class) {
        return (Iterable<T>) List.of(new LazySenders.Http());
      }
      return ComponentLoader.forClassLoader(LazySendersTest.class.getClassLoader()).load(type);
    }
  };

  @Test
  void grpcAndHttpExportersDeliverThroughTheSenderCreatedAtTheFirstExport() {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      SpanExporter grpc = OtlpGrpcSpanExporter.builder().setEndpoint(otlp.grpcUrl()).setComponentLoader(AGENT_SERVICES)
          .addHeader("authorization", "Bearer x").build();
      SpanExporter http = OtlpHttpSpanExporter.builder().setEndpoint(otlp.httpEndpoint() + "/v1/traces")
          .setComponentLoader(AGENT_SERVICES).build();
      try {
        assertThat(otlp.requests()).as("building an exporter connects nowhere").isEmpty();
        assertThat(grpc.export(List.of(span("over grpc"))).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(http.export(List.of(span("over http"))).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        otlp.awaitSpan(s -> s.name().equals("over grpc"), WAIT);
        otlp.awaitSpan(s -> s.name().equals("over http"), WAIT);
        assertThat(otlp.requestCount(Signal.TRACES, Transport.GRPC)).isEqualTo(1);
        assertThat(otlp.requestCount(Signal.TRACES, Transport.HTTP)).isEqualTo(1);
        assertThat(otlp.requests(Signal.TRACES)).anySatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer x"));
      } finally {
        assertThat(grpc.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(http.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      }
    }
  }

  @Test
  void anExporterNeverUsedShutsDownAtOnce() {
    SpanExporter unused = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:9").setComponentLoader(AGENT_SERVICES).build();
    assertThat(unused.shutdown().join(1, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(unused.export(List.of(span("after shutdown"))).join(1, TimeUnit.SECONDS).isSuccess()).isFalse();
  }

  private static SpanData span(String name) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return TestSpanData.builder().setName(name).setKind(SpanKind.SERVER).setStartEpochNanos(now).setEndEpochNanos(now + 1000)
        .setHasEnded(true).setStatus(StatusData.unset()).setTotalRecordedEvents(0).setTotalRecordedLinks(0).build();
  }
}
