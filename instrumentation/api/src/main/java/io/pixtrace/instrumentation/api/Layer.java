package io.pixtrace.instrumentation.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The stages of an image request, as imgproxy's monitoring names them, plus the agent-wide
 * layers that {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} can switch off (KrakenD's "layers";
 * docs/configuration.md, "Pixtrace / seed additions").
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
  /** The host's own OpenTelemetry API, bridged to the agent's ({@code Span.current()}, host tracers). */
  HOST_API,
  /** The host's log records ({@code IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS}; off unless that is set). */
  LOGS,
  /**
   * Trace and span ids in the host's own log lines (Logback's MDC, Log4j 2's context data); on
   * whenever traces are.
   */
  LOG_CORRELATION,
  /** Trace headers read and written; switched off, {@code otel.propagators=none}. Agent-wide, no module. */
  PROPAGATION,
  /** The JVM runtime metrics ({@code jvm.*}). Agent-wide, no module. */
  RUNTIME_METRICS;

  /** The name used in configuration: lower case, {@code -} for {@code _}, e.g. {@code runtime-metrics}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The layer a configuration name stands for ({@link #configName()}, any case, surrounding
   * blanks ignored), or empty when no layer has that name.
   */
  public static Optional<Layer> parse(String configName) {
    String name = configName.trim();
    for (Layer layer : values()) {
      if (layer.configName().equalsIgnoreCase(name)) {
        return Optional.of(layer);
      }
    }
    return Optional.empty();
  }
}
