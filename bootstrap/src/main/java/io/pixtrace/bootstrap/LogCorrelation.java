package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Trace ids in the host's own log lines (the {@code log-correlation} layer, docs/telemetry.md,
 * "Trace ids in the host's log lines"): while a span is current, the logging library's context
 * map of an event (Logback's MDC, Log4j 2's context data) also holds {@value #TRACE_ID},
 * {@value #SPAN_ID} and {@value #TRACE_FLAGS}, the key names of the OpenTelemetry Java agent,
 * so a pattern naming them ({@code %X{trace_id}}) or a JSON layout printing the whole map shows
 * them. A map that already holds {@value #TRACE_ID} (the host put its own) is left as it is, and
 * the thread's own MDC is never changed: only the event's copy of it.
 *
 * <p>Called from advice on the library's logging thread; never throws.
 */
public final class LogCorrelation {
  /** The trace id, 32 lower-case hex digits. */
  public static final String TRACE_ID = "trace_id";
  /** The current span's id, 16 lower-case hex digits. */
  public static final String SPAN_ID = "span_id";
  /**
   * The W3C trace flags, two hex digits: {@code 01} sampled, {@code 00} not, plus {@code 02}
   * when the trace id is random (W3C Trace Context Level 2, set by the SDK): {@code 03}.
   */
  public static final String TRACE_FLAGS = "trace_flags";

  private LogCorrelation() {}

  /**
   * The current span's {trace id, span id, trace flags}, or {@code null} when the agent is off,
   * log correlation is off (no spans exported, or the layer disabled) or no valid span is current.
   */
  public static String[] current() {
    Telemetry t = Pixtrace.telemetry();
    if (t == null || !t.logCorrelation) {
      return null;
    }
    try {
      SpanContext c = Span.current().getSpanContext();
      return c.isValid() ? new String[] {c.getTraceId(), c.getSpanId(), c.getTraceFlags().asHex()} : null;
    } catch (Throwable e) {
      AgentLog.error("stage:log-correlation", "could not read the current span", e);
      return null;
    }
  }

  /**
   * An event's MDC with the current span's ids added: a new map when ids are added, else
   * {@code mdc} itself (no span current, or {@value #TRACE_ID} already there).
   *
   * @param mdc the event's MDC (not changed), or {@code null} for none
   */
  public static Map<String, String> withIds(Map<String, String> mdc) {
    if (mdc != null && mdc.containsKey(TRACE_ID)) {
      return mdc;
    }
    String[] ids = current();
    if (ids == null) {
      return mdc;
    }
    Map<String, String> out = mdc == null ? new HashMap<>(4) : new HashMap<>(mdc);
    out.put(TRACE_ID, ids[0]);
    out.put(SPAN_ID, ids[1]);
    out.put(TRACE_FLAGS, ids[2]);
    return out;
  }
}
