package io.pixtrace.agent.config;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.pixtrace.instrumentation.api.Layer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code IMGPROXY_*} settings as OpenTelemetry SDK properties, for the SDK's
 * autoconfiguration: Pixtrace's defaults go below {@code OTEL_*}, the {@code IMGPROXY_*} values
 * above (imgproxy names win), as docs/configuration.md's "Precedence", "How IMGPROXY_* maps onto
 * SDK properties" and "Pixtrace's defaults" describe.
 */
public final class OtelProperties {
  private OtelProperties() {}

  /**
   * What the SDK's properties customizer returns, and what it found.
   *
   * @param properties the properties put over {@code OTEL_*} and {@code -Dotel.*}
   * @param notes one line per explicit {@code OTEL_*} value that an {@code IMGPROXY_*} one replaces
   * @param exporters the exporters after all overrides, {@code traces: x, metrics: y, logs: z}
   */
  public record Overrides(Map<String, String> properties, List<String> notes, String exporters) {
    /** Whether spans are exported: the traces exporter is not {@code none}. */
    public boolean tracesExported() {
      return !exporters.startsWith("traces: none,");
    }
  }

  /**
   * Pixtrace's default for {@code otel.attribute.value.length.limit}, in characters: a URL,
   * query or header value longer than this (a client can send 100 KB ones) is cut to it. Long
   * enough for pre-signed download URLs; the SDK itself has no limit.
   */
  public static final int ATTRIBUTE_VALUE_LENGTH_LIMIT = 4096;

  /**
   * With {@code IMGPROXY_OPEN_TELEMETRY_LOSSY=false}, the export queues' size per collector (spans,
   * and log records), unless {@code OTEL_BSP_MAX_QUEUE_SIZE} / {@code OTEL_BLRP_MAX_QUEUE_SIZE}
   * set one: about a minute of a busy service's spans (250 a second), held while a collector is
   * away.
   */
  public static final int LOSSLESS_QUEUE_SIZE = 16_384;

  /** Pixtrace's defaults, below both {@code OTEL_*} and {@code IMGPROXY_*} (docs/configuration.md, "Pixtrace's defaults"). */
  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("otel.traces.exporter", "otlp");
    d.put("otel.metrics.exporter", "none");
    d.put("otel.logs.exporter", "none");
    d.put("otel.propagators", String.join(",", Variables.PROPAGATORS.fallback()));
    // Stalwart's throttle default: batches leave every second.
    String delay = Long.toString(Variables.THROTTLE.fallback().toMillis());
    d.put("otel.bsp.schedule.delay", delay);
    d.put("otel.blrp.schedule.delay", delay);
    d.put("otel.attribute.value.length.limit", Integer.toString(ATTRIBUTE_VALUE_LENGTH_LIMIT));
    return d;
  }

  /** The SDK properties the {@code IMGPROXY_*} variables stand for, before the signal-specific ones. */
  static Map<String, String> imgproxyProperties(Settings s) {
    Map<String, String> p = new LinkedHashMap<>();
    if (s.pullOnly()) {
      p.put("otel.traces.exporter", "none");
      p.put("otel.metrics.exporter", "none");
      p.put("otel.logs.exporter", "none");
      return p;
    }
    boolean traces = s.get(Variables.ENABLE_TRACES);
    boolean metricsSet = s.isSet(Variables.ENABLE_METRICS);
    String metrics = s.get(Variables.ENABLE_METRICS) ? "otlp" : "none";
    Settings.Protocol protocol = s.protocol();
    if (protocol == Settings.Protocol.CONSOLE) {
      p.put("otel.traces.exporter", traces ? ConsoleExporterNames.NAME : "none");
      if (metricsSet) {
        p.put("otel.metrics.exporter", metrics.equals("otlp") ? ConsoleExporterNames.NAME : "none");
      }
    } else {
      String otlpProtocol = protocol == Settings.Protocol.GRPC ? "grpc" : "http/protobuf";
      if (!s.endpoints().isEmpty()) {
        boolean tls = protocol == Settings.Protocol.HTTPS
            || (protocol == Settings.Protocol.GRPC && (!s.get(Variables.GRPC_INSECURE) || s.serverCert() != null));
        p.put("otel.exporter.otlp.endpoint", (tls ? "https://" : "http://") + s.endpoints().get(0));
        p.put("otel.exporter.otlp.protocol", otlpProtocol);
        p.put("otel.traces.exporter", traces ? "otlp" : "none");
      } else if (s.isSet(Variables.PROTOCOL)) {
        p.put("otel.exporter.otlp.protocol", otlpProtocol);
      }
      if (metricsSet) {
        p.put("otel.metrics.exporter", metrics);
      }
      if (!traces) {
        p.put("otel.traces.exporter", "none");
      }
    }
    if (s.logs()) {
      p.put("otel.logs.exporter", protocol == Settings.Protocol.CONSOLE ? ConsoleExporterNames.NAME : "otlp");
    }
    if (s.get(Variables.SERVICE_NAME) != null) {
      p.put("otel.service.name", s.get(Variables.SERVICE_NAME));
    }
    if (s.isSet(Variables.THROTTLE)) {
      p.put("otel.bsp.schedule.delay", Long.toString(s.throttle().toMillis()));
      p.put("otel.blrp.schedule.delay", Long.toString(s.throttle().toMillis()));
    }
    if (!s.headers().isEmpty()) {
      p.put("otel.exporter.otlp.headers", encoded(s.headers()));
    }
    if (s.disabledLayers().contains(Layer.PROPAGATION)) {
      p.put("otel.propagators", "none");
    } else if (s.isSet(Variables.PROPAGATORS)) {
      p.put("otel.propagators", String.join(",", s.get(Variables.PROPAGATORS)));
    }
    return p;
  }

  /**
   * The overrides for the SDK's autoconfiguration, given what it read from {@code OTEL_*}
   * and {@code -Dotel.*} ({@code current}); the notes compare with the values set explicitly
   * ({@code -Dotel.x}, else the process's {@code OTEL_X}).
   */
  public static Overrides overrides(Settings settings, ConfigProperties current) {
    Map<String, String> overrides = imgproxyProperties(settings);
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
    for (String key : new String[] {"otel.java.enabled.resource.providers", "otel.java.disabled.resource.providers"}) {
      String names = current.getString(key);
      if (names != null && !overrides.containsKey(key)) {
        String relocated = relocatedProviderNames(names);
        if (!relocated.equals(names)) {
          overrides.put(key, relocated);
        }
      }
    }
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String explicit = explicitOtelValue(e.getKey());
      if (explicit != null && !explicit.equals(e.getValue())) {
        notes.add(e.getKey().contains("headers")
            ? envName(e.getKey()) + " is overridden by IMGPROXY_OPEN_TELEMETRY_HEADERS (values not shown)"
            : envName(e.getKey()) + "=" + explicit + " is overridden by the IMGPROXY_OPEN_TELEMETRY_* setting: "
                + e.getKey() + "=" + e.getValue());
      }
    }
    // The SDK's own variables, as checked: a bad value is the SDK's default here, so the SDK never reads it.
    for (Variable<?> v : Variables.SDK_CHECKED) {
      if (settings.reading(v).set()) {
        overrides.putIfAbsent(Variables.sdkProperty(v), settings.shown(v));
      }
    }
    if (!settings.lossy()) {
      // LOSSY=false: the queues are the buffer that holds an outage (docs/configuration.md, LOSSY).
      overrides.putIfAbsent("otel.bsp.max.queue.size", Integer.toString(LOSSLESS_QUEUE_SIZE));
      overrides.putIfAbsent("otel.blrp.max.queue.size", Integer.toString(LOSSLESS_QUEUE_SIZE));
    }
    Map<String, String> extra = new LinkedHashMap<>(settings.get(Variables.RESOURCE_ATTRIBUTES));
    putIfSet(extra, "service.version", settings.get(Variables.SERVICE_VERSION));
    putIfSet(extra, "deployment.environment.name", settings.get(Variables.ENVIRONMENT));
    String hostname = settings.get(Variables.HOSTNAME);
    if (hostname != null && !resourceHas(current, "service.instance.id") && !extra.containsKey("service.instance.id")) {
      extra.put("service.instance.id", hostname);
    }
    if (!extra.isEmpty()) {
      String otel = current.getString("otel.resource.attributes", "");
      overrides.put("otel.resource.attributes", otel.isEmpty() ? encoded(extra) : otel + "," + encoded(extra));
    }
    if (!overrides.containsKey("otel.service.name") && current.getString("otel.service.name") == null
        && !resourceHas(current, "service.name")) {
      overrides.put("otel.service.name", defaultServiceName());
    }
    String exporters = "traces: " + overrides.getOrDefault("otel.traces.exporter", current.getString("otel.traces.exporter", "otlp"))
        + ", metrics: " + overrides.getOrDefault("otel.metrics.exporter", current.getString("otel.metrics.exporter", "none"))
        + ", logs: " + overrides.getOrDefault("otel.logs.exporter", current.getString("otel.logs.exporter", "none"));
    return new Overrides(Collections.unmodifiableMap(overrides), List.copyOf(notes), exporters);
  }

  /**
   * Resource provider class names as a user of the OpenTelemetry Java agent writes them
   * ({@code io.opentelemetry.instrumentation.resources.ProcessResourceProvider}), with the
   * bundled SDK's relocated package in their place, so that
   * {@code OTEL_JAVA_DISABLED_RESOURCE_PROVIDERS} finds the agent's providers; other names are
   * kept. The prefixes are built at run time: the jar's relocation rewrites literals.
   */
  static String relocatedProviderNames(String names) {
    String original = String.join(".", "io", "opentelemetry", "");
    String sdkResource = io.opentelemetry.sdk.resources.Resource.class.getName();
    String relocated = sdkResource.substring(0, sdkResource.length() - "sdk.resources.Resource".length());
    if (relocated.equals(original)) {
      return names;
    }
    List<String> out = new ArrayList<>();
    for (String name : names.split(",")) {
      String n = name.trim();
      out.add(n.startsWith(original) ? relocated + n.substring(original.length()) : n);
    }
    return String.join(",", out);
  }

  /**
   * {@code service.name} when nothing names the service: the jar's name without {@code .jar},
   * or the main class's simple name, from {@code sun.java.command}; else {@code java-image-service}.
   */
  static String defaultServiceName() {
    String command = System.getProperty("sun.java.command");
    if (command == null || command.isBlank()) {
      return "java-image-service";
    }
    String first = command.trim().split("\\s+")[0];
    if (first.endsWith(".jar")) {
      String file = first.substring(first.lastIndexOf('/') + 1);
      return file.substring(0, file.length() - 4);
    }
    return first.substring(first.lastIndexOf('.') + 1);
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** {@code k=v,...} with the values URL-encoded, as the SDK reads headers and resource attributes. */
  private static String encoded(Map<String, String> entries) {
    StringBuilder s = new StringBuilder();
    entries.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    return s.toString();
  }

  private static boolean resourceHas(ConfigProperties current, String key) {
    String resource = current.getString("otel.resource.attributes", "");
    return resource.matches("(^|.*,)\\s*" + Pattern.quote(key) + "\\s*=.*");
  }

  /** The value a user set for an SDK property ({@code -Dotel.x} or {@code OTEL_X}), or null. */
  private static String explicitOtelValue(String property) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(envName(property));
  }

  /** {@code otel.exporter.otlp.endpoint} → {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
