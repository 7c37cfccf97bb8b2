package io.pixtrace.agent.sdk;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * The processors the SDK sees for OTLP export: {@link ExportQueues} in front of one batch
 * processor per collector. Flush and shutdown go to every batch processor.
 */
final class GatedProcessors {
  private GatedProcessors() {}

  static SpanProcessor spans(ExportQueues queues, List<? extends SpanProcessor> batches) {
    return new Spans(queues, batches);
  }

  static LogRecordProcessor logs(ExportQueues queues, List<? extends LogRecordProcessor> batches) {
    return new Logs(queues, batches);
  }

  private static final class Spans implements SpanProcessor {
    private final ExportQueues queues;
    private final List<SpanProcessor> batches;

    Spans(ExportQueues queues, List<? extends SpanProcessor> batches) {
      this.queues = queues;
      this.batches = List.copyOf(batches);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      // The batch processors (exportUnsampledSpans off, as autoconfigure builds them) never
      // queue unsampled spans, so those take no place; what ends after shutdown is counted.
      if (!span.getSpanContext().isSampled()) {
        return;
      }
      queues.offer(span.getSpanContext().getTraceId(), lane -> batches.get(lane).onEnd(span));
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode forceFlush() {
      List<CompletableResultCode> results = new ArrayList<>();
      batches.forEach(b -> results.add(b.forceFlush()));
      return CompletableResultCode.ofAll(results);
    }

    @Override
    public CompletableResultCode shutdown() {
      queues.shutDown();
      List<CompletableResultCode> results = new ArrayList<>();
      batches.forEach(b -> results.add(b.shutdown()));
      return CompletableResultCode.ofAll(results);
    }

    @Override
    public String toString() {
      return "GatedSpanProcessor" + batches;
    }
  }

  private static final class Logs implements LogRecordProcessor {
    private final ExportQueues queues;
    private final List<LogRecordProcessor> batches;

    Logs(ExportQueues queues, List<? extends LogRecordProcessor> batches) {
      this.queues = queues;
      this.batches = List.copyOf(batches);
    }

    @Override
    public void onEmit(Context context, ReadWriteLogRecord logRecord) {
      if (logRecord == null) {
        return;
      }
      SpanContext span = Span.fromContext(context).getSpanContext();
      queues.offer(span.isValid() ? span.getTraceId() : null, lane -> batches.get(lane).onEmit(context, logRecord));
    }

    @Override
    public CompletableResultCode forceFlush() {
      List<CompletableResultCode> results = new ArrayList<>();
      batches.forEach(b -> results.add(b.forceFlush()));
      return CompletableResultCode.ofAll(results);
    }

    @Override
    public CompletableResultCode shutdown() {
      queues.shutDown();
      List<CompletableResultCode> results = new ArrayList<>();
      batches.forEach(b -> results.add(b.shutdown()));
      return CompletableResultCode.ofAll(results);
    }

    @Override
    public String toString() {
      return "GatedLogRecordProcessor" + batches;
    }
  }
}
