package io.pixtrace.testing.otlp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One span as it arrived at the receiver, flattened from the OTLP {@code ResourceSpans → ScopeSpans
 * → Span} nesting.
 *
 * <p>Identifiers are lower-case hex strings; {@code parentSpanId} is {@code ""} for a root span.
 * Times are epoch nanoseconds. Attribute maps hold {@link String}, {@link Long}, {@link Double},
 * {@link Boolean}, {@code List} (for array values), {@code Map<String, Object>} (for key-value
 * lists) or a read-only {@link java.nio.ByteBuffer} (for bytes); they keep the order in which the
 * attributes were sent and are unmodifiable.
 *
 * @param traceId 32 hex characters
 * @param spanId 16 hex characters
 * @param parentSpanId 16 hex characters, or {@code ""} for a root span
 * @param traceState W3C trace state, {@code ""} when none
 * @param name span name
 * @param kind span kind
 * @param startEpochNanos start time, epoch nanoseconds
 * @param endEpochNanos end time, epoch nanoseconds
 * @param attributes span attributes
 * @param statusCode status code
 * @param statusMessage status description, {@code ""} when none
 * @param events span events in the order sent
 * @param links span links in the order sent
 * @param resourceAttributes attributes of the span's resource
 * @param scopeName instrumentation scope name
 * @param scopeVersion instrumentation scope version, {@code ""} when none
 * @param transport the transport that delivered the span
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String traceState,
    String name,
    Kind kind,
    long startEpochNanos,
    long endEpochNanos,
    Map<String, Object> attributes,
    StatusCode statusCode,
    String statusMessage,
    List<Event> events,
    List<Link> links,
    Map<String, Object> resourceAttributes,
    String scopeName,
    String scopeVersion,
    Transport transport) {

  /** Span kind, mirroring the OpenTelemetry API names. */
  public enum Kind {
    /** The sender left the kind unspecified. */
    UNSPECIFIED,
    /** Internal operation. */
    INTERNAL,
    /** Server side of a synchronous request. */
    SERVER,
    /** Client side of a synchronous request. */
    CLIENT,
    /** Producer of an asynchronous message. */
    PRODUCER,
    /** Consumer of an asynchronous message. */
    CONSUMER
  }

  /** Span status code. */
  public enum StatusCode {
    /** No status was set. */
    UNSET,
    /** Explicitly marked successful. */
    OK,
    /** The operation failed. */
    ERROR
  }

  /**
   * A span event.
   *
   * @param name event name, e.g. {@code "exception"}
   * @param epochNanos event time, epoch nanoseconds
   * @param attributes event attributes
   */
  public record Event(String name, long epochNanos, Map<String, Object> attributes) {}

  /**
   * A link to another span.
   *
   * @param traceId linked trace id, 32 hex characters
   * @param spanId linked span id, 16 hex characters
   * @param traceState linked trace state, {@code ""} when none
   * @param attributes link attributes
   */
  public record Link(
      String traceId, String spanId, String traceState, Map<String, Object> attributes) {}

  /** Whether this span has no parent. */
  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  /** Span duration in nanoseconds ({@code end - start}). */
  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }

  /** The value of span attribute {@code key}, or {@code null} when absent. */
  public Object attribute(String key) {
    return attributes.get(key);
  }

  /** The first event named {@code name}, if any. */
  public Optional<Event> event(String name) {
    return events.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
