package io.pixtrace.instrumentation.api;

import java.util.Locale;

/**
 * The stages of an image request, as imgproxy's monitoring names them, plus the agent-wide
 * layers that {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} can switch off (KrakenD's "layers").
 */
public enum Layer {
  /** Inbound HTTP requests (SERVER spans). */
  SERVER,
  /** Outbound image downloads (CLIENT spans). */
  DOWNLOAD,
  /** Executor hand-offs (queue spans, context propagation). */
  QUEUE,
  /** Image processing (processing_image, vips spans, libvips gauges). */
  PROCESSING,
  /** The host's log records ({@code IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS}; off unless that is set). */
  LOGS;

  /** The name used in configuration, e.g. {@code server}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
