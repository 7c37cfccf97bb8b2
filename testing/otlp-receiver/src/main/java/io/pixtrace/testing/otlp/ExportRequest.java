package io.pixtrace.testing.otlp;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metadata of one export request the receiver got, whether it accepted it or not.
 *
 * @param sequence number of the request, starting at 1 and increasing per request across all
 *     signals and transports (not reset by {@link OtlpReceiver#clear()})
 * @param signal the signal exported
 * @param transport the transport used
 * @param headers request headers (HTTP headers or gRPC metadata) keyed by lower-case name; values
 *     in the order sent; binary gRPC metadata ({@code -bin} keys) is given in base64
 * @param itemCount number of spans, metric data points or log records in the request
 * @param accepted {@code false} if the receiver answered with a failure (see {@link
 *     OtlpReceiver#setFailing(boolean)})
 * @param receivedEpochMillis arrival time, epoch milliseconds
 */
public record ExportRequest(
    long sequence,
    Signal signal,
    Transport transport,
    Map<String, List<String>> headers,
    int itemCount,
    boolean accepted,
    long receivedEpochMillis) {

  /** The first value of header {@code name} (case-insensitive), or {@code null} when absent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
