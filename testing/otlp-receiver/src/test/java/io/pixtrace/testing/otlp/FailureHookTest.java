package io.pixtrace.testing.otlp;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The failure hooks must make real OTLP exporters see failures, retries and timeouts. */
class FailureHookTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void failingReceiverMakesTheExportFail(Transport transport) {
    List<SpanData> spans = SampleSpans.create("op", 2);
    SpanExporter exporter = Exporters.to(receiver, transport).spans();
    try {
      receiver.setFailing(true);
      CompletableResultCode result = exporter.export(spans).join(10, SECONDS);
      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(receiver.spans()).isEmpty();
      assertThat(receiver.itemCount(Signal.TRACES)).isZero();
      assertThat(receiver.requests())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.accepted()).isFalse();
                assertThat(r.itemCount()).isEqualTo(2);
                assertThat(r.transport()).isEqualTo(transport);
              });
      assertThat(receiver.dumpRequests()).contains("traces " + transport + " items=2 REJECTED");

      receiver.setFailing(false);
      assertThat(exporter.export(spans).join(10, SECONDS).isSuccess()).isTrue();
      assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("op-0", "op-1");
      assertThat(receiver.requestCount(Signal.TRACES, transport)).isEqualTo(2);
    } finally {
      exporter.shutdown().join(10, SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void failNextIsRetriedByTheExporter(Transport transport) {
    List<SpanData> spans = SampleSpans.create("retried", 1);
    RetryPolicy quickRetries =
        RetryPolicy.builder()
            .setMaxAttempts(5)
            .setInitialBackoff(Duration.ofMillis(10))
            .setMaxBackoff(Duration.ofMillis(50))
            .build();
    SpanExporter exporter = Exporters.to(receiver, transport).retry(quickRetries).spans();
    try {
      receiver.failNext(2);
      assertThat(exporter.export(spans).join(10, SECONDS).isSuccess()).isTrue();
      assertThat(receiver.requests()).extracting(ExportRequest::accepted)
          .containsExactly(false, false, true);
      assertThat(receiver.requestCount(Signal.TRACES, transport)).isEqualTo(3);
      assertThat(receiver.spans()).singleElement()
          .extracting(ReceivedSpan::name).isEqualTo("retried-0");
    } finally {
      exporter.shutdown().join(10, SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void slowReceiverMakesTheExportTimeOut(Transport transport) {
    List<SpanData> spans = SampleSpans.create("slow", 1);
    SpanExporter exporter =
        Exporters.to(receiver, transport).timeout(Duration.ofMillis(200)).spans();
    try {
      receiver.setResponseDelay(Duration.ofMillis(800));
      assertThat(exporter.export(spans).join(10, SECONDS).isSuccess()).isFalse();
      receiver.setResponseDelay(Duration.ZERO);
      // The slow request is still handled after its delay.
      receiver.awaitSpanCount(1, WAIT);
      assertThat(exporter.export(spans).join(10, SECONDS).isSuccess()).isTrue();
      receiver.awaitSpanCount(2, WAIT);
    } finally {
      exporter.shutdown().join(10, SECONDS);
    }
  }
}
