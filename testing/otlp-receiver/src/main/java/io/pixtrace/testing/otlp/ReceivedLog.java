package io.pixtrace.testing.otlp;

import java.util.Map;

/**
 * One log record as it arrived at the receiver, flattened from the OTLP {@code ResourceLogs →
 * ScopeLogs → LogRecord} nesting.
 *
 * <p>Attribute maps use the same Java types as {@link ReceivedSpan#attributes()}.
 *
 * @param body the body rendered as text: a string body as is, other values via {@link
 *     String#valueOf(Object)} of {@link #bodyValue()}, {@code ""} when there is no body
 * @param bodyValue the body as a Java value (same types as attributes), {@code null} when none
 * @param severityNumber OTLP severity number, 0 (unspecified) to 24; e.g. 9 = INFO, 13 = WARN, 17 =
 *     ERROR
 * @param severityText severity text as sent, {@code ""} when none
 * @param epochNanos time of the event, epoch nanoseconds ({@code 0} if unset)
 * @param observedEpochNanos time the record was observed, epoch nanoseconds ({@code 0} if unset)
 * @param traceId 32 hex characters, {@code ""} when the record is not tied to a span
 * @param spanId 16 hex characters, {@code ""} when the record is not tied to a span
 * @param eventName event name, {@code ""} when none
 * @param attributes record attributes
 * @param resourceAttributes attributes of the record's resource
 * @param scopeName instrumentation scope name
 * @param scopeVersion instrumentation scope version, {@code ""} when none
 * @param transport the transport that delivered the record
 */
public record ReceivedLog(
    String body,
    Object bodyValue,
    int severityNumber,
    String severityText,
    long epochNanos,
    long observedEpochNanos,
    String traceId,
    String spanId,
    String eventName,
    Map<String, Object> attributes,
    Map<String, Object> resourceAttributes,
    String scopeName,
    String scopeVersion,
    Transport transport) {

  /** The value of log attribute {@code key}, or {@code null} when absent. */
  public Object attribute(String key) {
    return attributes.get(key);
  }
}
