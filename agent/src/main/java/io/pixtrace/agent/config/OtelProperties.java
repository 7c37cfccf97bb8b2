package io.pixtrace.agent.config;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Locale;
import java.util.Map;

/**
 * Joins {@link Settings} with the SDK's own configuration: Pixtrace's defaults go below
 * {@code OTEL_*}, and {@code IMGPROXY_*} values go above (imgproxy names win, contract §1),
 * with one note when an {@code IMGPROXY_*} value replaces a different {@code OTEL_*} one.
 */
public final class OtelProperties {
  private OtelProperties() {}

  /** Defaults supplied to the SDK's autoconfiguration (lowest precedence). */
  public static Map<String, String> defaults(Settings settings) {
    return settings.defaults();
  }

  /**
   * The overrides for the SDK's autoconfiguration, given what it read from {@code OTEL_*}
   * and {@code -Dotel.*} ({@code current}).
   */
  public static Map<String, String> overrides(Settings settings, ConfigProperties current) {
    Map<String, String> overrides = settings.imgproxyProperties();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String otelValue = current.getString(e.getKey());
      String defaultValue = settings.defaults().get(e.getKey());
      if (otelValue != null && !otelValue.equals(e.getValue()) && !otelValue.equals(defaultValue)) {
        settings.note(envName(e.getKey()) + "=" + otelValue + " is overridden by the IMGPROXY_OPEN_TELEMETRY_* setting: "
            + e.getKey() + "=" + e.getValue());
      }
    }
    return overrides;
  }

  /** {@code otel.exporter.otlp.endpoint} → {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
