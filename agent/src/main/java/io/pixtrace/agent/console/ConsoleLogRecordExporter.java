package io.pixtrace.agent.console;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.io.PrintStream;
import java.util.Collection;

/**
 * Prints exported log records for people ({@code IMGPROXY_OPEN_TELEMETRY_PROTOCOL=console}
 * with {@code ENABLE_LOGS=true}): one line each on standard error, never on the host's
 * standard output, with the trace and span ids that tie it to a request's tree.
 */
public final class ConsoleLogRecordExporter implements LogRecordExporter {
  private final PrintStream out;

  /** An exporter printing to {@code out}. */
  public ConsoleLogRecordExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public CompletableResultCode export(Collection<LogRecordData> logs) {
    StringBuilder text = new StringBuilder();
    for (LogRecordData log : logs) {
      text.append("[pixtrace] log ")
          .append(log.getSeverityText() != null ? log.getSeverityText() : log.getSeverity().name())
          .append(' ').append(log.getInstrumentationScopeInfo().getName()).append(": ")
          .append(log.getBodyValue() == null ? "" : log.getBodyValue().asString());
      if (log.getSpanContext().isValid()) {
        text.append("  trace_id=").append(log.getSpanContext().getTraceId())
            .append(" span_id=").append(log.getSpanContext().getSpanId());
      }
      text.append('\n');
    }
    out.print(text);
    out.flush();
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
}
