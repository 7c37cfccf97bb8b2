package io.pixtrace.agent.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Exporter wrappers that tell {@link ExportQueues} when the batch processor in front of them
 * hands a batch over: those items have left the queue. Everything else is the wrapped
 * exporter's.
 */
final class CountingExporters {
  private CountingExporters() {}

  static SpanExporter spans(SpanExporter exporter, ExportQueues queues, int lane) {
    return new Spans(exporter, queues, lane);
  }

  static LogRecordExporter logs(LogRecordExporter exporter, ExportQueues queues, int lane) {
    return new Logs(exporter, queues, lane);
  }

  private static final class Spans implements SpanExporter {
    private final SpanExporter delegate;
    private final ExportQueues queues;
    private final int lane;

    Spans(SpanExporter delegate, ExportQueues queues, int lane) {
      this.delegate = delegate;
      this.queues = queues;
      this.lane = lane;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      queues.exported(lane, spans.size());
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  private static final class Logs implements LogRecordExporter {
    private final LogRecordExporter delegate;
    private final ExportQueues queues;
    private final int lane;

    Logs(LogRecordExporter delegate, ExportQueues queues, int lane) {
      this.delegate = delegate;
      this.queues = queues;
      this.lane = lane;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      queues.exported(lane, logs.size());
      return delegate.export(logs);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
