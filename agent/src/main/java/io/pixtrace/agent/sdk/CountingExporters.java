package io.pixtrace.agent.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Exporter wrappers that tell {@link ExportQueues} when the batch processor in front of them
 * hands a batch over (those items have left the queue), and what became of it: a batch the
 * exporter fails to deliver (after the SDK's own retries) is counted as {@code export_failed};
 * with LOSSY=false it is first tried again, every {@link #PAUSE}, for up to {@link #RETRY_FOR},
 * on the batch processor's own thread, so that the processor's queue keeps the newer items
 * meanwhile and hands them over once the collector is back (docs/configuration.md, LOSSY).
 */
final class CountingExporters {
  private CountingExporters() {}

  /** How long LOSSY=false keeps trying one batch. */
  static final Duration RETRY_FOR = Duration.ofMinutes(5);
  /** The pause between two tries of a batch (each try is the SDK exporter's, with its retries). */
  static final Duration PAUSE = Duration.ofSeconds(1);

  /**
   * Delivers a batch of {@code count} items through {@code attempt}, as the lane's settings
   * say; a batch not delivered in the end is counted.
   */
  static CompletableResultCode deliver(ExportQueues queues, int lane, int count, Supplier<CompletableResultCode> attempt) {
    queues.exported(lane, count);
    if (!queues.retries()) {
      CompletableResultCode result = attempt.get();
      result.whenComplete(() -> {
        if (!result.isSuccess()) {
          queues.failed(lane, count, DroppedItems.EXPORT_FAILED, result.getFailureThrowable());
        }
      });
      return result;
    }
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (true) {
      CompletableResultCode result = attempt.get();
      // The exporter's own timeout (OTEL_EXPORTER_OTLP_TIMEOUT) ends each try; this bound only
      // keeps a broken exporter from holding the thread.
      result.join(RETRY_FOR.toNanos(), TimeUnit.NANOSECONDS);
      if (result.isSuccess()) {
        return result;
      }
      if (queues.shuttingDown()) {
        queues.failed(lane, count, DroppedItems.SHUTDOWN, result.getFailureThrowable());
        return result;
      }
      if (System.nanoTime() - deadline >= 0) {
        queues.failed(lane, count, DroppedItems.EXPORT_FAILED, result.getFailureThrowable());
        return result;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(PAUSE.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        queues.failed(lane, count, DroppedItems.SHUTDOWN, result.getFailureThrowable());
        return CompletableResultCode.ofFailure();
      }
    }
  }

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
      return deliver(queues, lane, spans.size(), () -> delegate.export(spans));
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
      return deliver(queues, lane, logs.size(), () -> delegate.export(logs));
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
