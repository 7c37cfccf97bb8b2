package io.pixtrace.agent.config;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.LinkedHashMap;
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
    Map<String, String> overrides = new LinkedHashMap<>(settings.imgproxyProperties());
    // Signal-specific OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_* beat the generic ones in the
    // SDK; the imgproxy endpoint and protocol must beat them too.
    String endpoint = overrides.get("otel.exporter.otlp.endpoint");
    String protocol = overrides.get("otel.exporter.otlp.protocol");
    for (String signal : new String[] {"traces", "metrics", "logs"}) {
      String key = "otel.exporter.otlp." + signal + ".";
      if (endpoint != null && current.getString(key + "endpoint") != null) {
        boolean http = "http/protobuf".equals(protocol);
        overrides.put(key + "endpoint", http ? endpoint + "/v1/" + signal : endpoint);
      }
      if (protocol != null && current.getString(key + "protocol") != null) {
        overrides.put(key + "protocol", protocol);
      }
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String explicit = explicitOtelValue(e.getKey());
      if (explicit != null && !explicit.equals(e.getValue())) {
        if (e.getKey().contains("headers")) {
          settings.note(envName(e.getKey()) + " is overridden by IMGPROXY_OPEN_TELEMETRY_HEADERS (values not shown)");
        } else {
          settings.note(envName(e.getKey()) + "=" + explicit + " is overridden by the IMGPROXY_OPEN_TELEMETRY_* setting: "
              + e.getKey() + "=" + e.getValue());
        }
      }
    }
    Map<String, String> extra = settings.resourceAttributes();
    String hostname = settings.get("HOSTNAME");
    if (hostname != null && !resourceHas(current, "service.instance.id") && !extra.containsKey("service.instance.id")) {
      extra.put("service.instance.id", hostname);
    }
    if (!extra.isEmpty()) {
      StringBuilder r = new StringBuilder(current.getString("otel.resource.attributes", ""));
      extra.forEach((k, v) -> {
        if (r.length() > 0) {
          r.append(',');
        }
        r.append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
      });
      overrides.put("otel.resource.attributes", r.toString());
    }
    if (!overrides.containsKey("otel.service.name") && current.getString("otel.service.name") == null
        && !resourceHas(current, "service.name")) {
      overrides.put("otel.service.name", settings.defaultServiceName());
    }
    settings.effective(
        overrides.getOrDefault("otel.traces.exporter", current.getString("otel.traces.exporter", "otlp")),
        overrides.getOrDefault("otel.metrics.exporter", current.getString("otel.metrics.exporter", "none")),
        overrides.getOrDefault("otel.logs.exporter", current.getString("otel.logs.exporter", "none")));
    return overrides;
  }

  private static boolean resourceHas(ConfigProperties current, String key) {
    String resource = current.getString("otel.resource.attributes", "");
    return resource.matches("(^|.*,)\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*");
  }

  /** The value a user set for an SDK property ({@code -Dotel.x} or {@code OTEL_X}), or null. */
  private static String explicitOtelValue(String property) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(envName(property));
  }

  /** {@code otel.exporter.otlp.endpoint} → {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
