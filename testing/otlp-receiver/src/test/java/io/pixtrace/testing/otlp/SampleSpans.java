package io.pixtrace.testing.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Produces real {@link SpanData} from the SDK, to feed an exporter directly. */
final class SampleSpans {

  private SampleSpans() {}

  /** {@code count} ended root spans named {@code name-0 .. name-(count-1)}. */
  static List<SpanData> create(String name, int count) {
    List<SpanData> captured = new CopyOnWriteArrayList<>();
    SpanExporter capture =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            captured.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(capture)).build();
    for (int i = 0; i < count; i++) {
      provider.get("io.pixtrace.test").spanBuilder(name + "-" + i).startSpan().end();
    }
    provider.shutdown().join(5, TimeUnit.SECONDS);
    return List.copyOf(captured);
  }
}
