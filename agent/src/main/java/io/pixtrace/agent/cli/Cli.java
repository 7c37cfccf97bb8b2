package io.pixtrace.agent.cli;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.pixtrace.agent.config.OtelProperties;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.agent.config.Variable;
import io.pixtrace.agent.config.Variables;
import java.io.IOException;
import java.io.PrintStream;
import io.pixtrace.agent.sdk.SdkFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar pixtrace-agent.jar config|check}: what a user runs when no traces show up.
 * {@code config} prints the effective configuration, where each value came from
 * ({@code IMGPROXY_*}, {@code OTEL_*}, {@code -Dotel.*}, Pixtrace's default), secrets masked,
 * and every error; {@code check} also sends each collector an empty OTLP export per signal,
 * with the exporters the agent builds (protocol, TLS, headers), and binds the Prometheus
 * address, and says what worked and, for what failed, why.
 * Exit status: 0 when all is well, 1 on configuration errors or failed checks, 2 on usage.
 */
public final class Cli {
  private Cli() {}

  /** Runs a command; returns the exit status. */
  public static int run(String[] args, Map<String, String> env, PrintStream out) {
    String command = args.length == 0 ? "" : args[0];
    if (!command.equals("config") && !command.equals("check")) {
      out.println("usage: java -jar pixtrace-agent.jar config|check");
      out.println("  config  print the effective configuration and its sources (secrets masked)");
      out.println("  check   config, then send each collector an empty export per signal and bind the Prometheus address");
      return 2;
    }
    Settings settings = Settings.read(env);
    OtelProperties.Overrides overrides = overrides(settings, env);
    Map<String, String[]> effective = effective(settings, overrides, env);
    out.println("Pixtrace configuration");
    String traces = value(effective, "otel.traces.exporter");
    String metrics = value(effective, "otel.metrics.exporter");
    String logs = value(effective, "otel.logs.exporter");
    out.println(settings.enabled()
        ? "telemetry: on (traces: " + traces + ", metrics: " + metrics + ", logs: " + logs + ")"
        : "telemetry: off (" + settings.offReason() + ")");
    out.println();
    out.println("variables (value  <- source  # what it is):");
    for (Variable<?> v : Variables.ALL) {
      out.println("  " + v.name() + "=" + settings.shown(v) + "  <- " + source(settings.reading(v)) + "  # " + v.doc());
    }
    out.println();
    out.println("OpenTelemetry SDK properties (value  <- source):");
    for (Map.Entry<String, String[]> e : effective.entrySet()) {
      out.println("  " + e.getKey() + "=" + e.getValue()[0] + "  <- " + e.getValue()[1]);
    }
    int status = 0;
    out.println();
    if (settings.errors().isEmpty()) {
      out.println("errors: none");
    } else {
      out.println("errors:");
      settings.errors().forEach(e -> out.println("  " + e));
      status = 1;
    }
    overrides.notes().forEach(n -> out.println("note: " + n));
    if (command.equals("check")) {
      out.println();
      out.println("checks:");
      status |= check(settings, effective, out);
    }
    return status;
  }

  /**
   * Where a variable's value came from: {@code environment}, {@code -D<property>} or
   * {@code default}, and whether it is used.
   */
  private static String source(Variable.Reading<?> r) {
    if (r.unused() != null) {
      return r.source() + ", not used: " + r.unused();
    }
    if (r.errors().isEmpty()) {
      return r.source();
    }
    return r.source() + (r.set() && r.value() == null ? ", not used" : r.set() ? ", bad" : "") + " (see errors)";
  }

  /** The SDK properties the {@code IMGPROXY_*} settings put over what {@code env} and {@code -Dotel.*} say. */
  private static OtelProperties.Overrides overrides(Settings settings, Map<String, String> env) {
    return OtelProperties.overrides(settings, DefaultConfigProperties.createFromMap(merge(OtelProperties.defaults(), otel(env))));
  }

  /** The SDK properties set by {@code OTEL_*} variables and {@code -Dotel.*} properties. */
  private static Map<String, String> otel(Map<String, String> env) {
    Map<String, String> otel = new LinkedHashMap<>();
    otelVariables(env).forEach((k, v) -> otel.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("otel.")) {
        otel.put(k.toString(), v.toString());
      }
    });
    return otel;
  }

  /** The {@code OTEL_*} variables the SDK reads (not the agent's own switches). */
  private static Map<String, String> otelVariables(Map<String, String> env) {
    Map<String, String> otel = new LinkedHashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("OTEL_") && !k.equals("OTEL_ENABLED") && !k.equals("OTEL_EXPORT_ENABLED")
          && !k.equals("OTEL_PROMETHEUS_ENDPOINT")) {
        otel.put(k, v);
      }
    });
    return otel;
  }

  /**
   * Effective SDK properties: key -> {value, source}. The default service name is the host's,
   * which this command cannot see (its own command line names the agent jar): it says so.
   */
  private static Map<String, String[]> effective(Settings settings, OtelProperties.Overrides overrides, Map<String, String> env) {
    Map<String, String[]> out = new TreeMap<>();
    OtelProperties.defaults().forEach((k, v) -> out.put(k, new String[] {v, "Pixtrace default"}));
    otelVariables(env).forEach((k, v) ->
        out.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), new String[] {k.endsWith("_HEADERS") ? "(not shown)" : v, k}));
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("otel.")) {
        out.put(k.toString(), new String[] {v.toString(), "-D" + k});
      }
    });
    overrides.properties().forEach((k, v) -> out.put(k, new String[] {k.contains("headers") ? "(not shown)" : v, sourceOf(k)}));
    if (settings.get(Variables.SERVICE_NAME) == null && overrides.properties().containsKey("otel.service.name")) {
      out.put("otel.service.name", new String[] {"(the host's jar name without .jar, or its main class's simple name)",
          "Pixtrace default"});
    }
    return out;
  }

  private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new LinkedHashMap<>(a);
    m.putAll(b);
    return m;
  }

  private static String sourceOf(String property) {
    switch (property) {
      case "otel.service.name":
        return "IMGPROXY_OPEN_TELEMETRY_SERVICE_NAME or Pixtrace default (jar or main class)";
      case "otel.propagators":
        return "IMGPROXY_OPEN_TELEMETRY_PROPAGATORS / _DISABLE";
      case "otel.exporter.otlp.headers":
        return "IMGPROXY_OPEN_TELEMETRY_HEADERS";
      case "otel.resource.attributes":
        return "IMGPROXY_OPEN_TELEMETRY_RESOURCE_ATTRIBUTES / _SERVICE_VERSION / _ENVIRONMENT / HOSTNAME";
      case "otel.bsp.schedule.delay":
      case "otel.blrp.schedule.delay":
        return "IMGPROXY_OPEN_TELEMETRY_THROTTLE, else " + OtelProperties.envName(property) + " checked by Pixtrace";
      case "otel.exporter.otlp.endpoint":
        return "IMGPROXY_OPEN_TELEMETRY_ENDPOINT (scheme from _PROTOCOL, _GRPC_INSECURE, _SERVER_CERT)";
      case "otel.exporter.otlp.protocol":
        return "IMGPROXY_OPEN_TELEMETRY_PROTOCOL";
      case "otel.traces.exporter":
        return "IMGPROXY_OPEN_TELEMETRY_ENDPOINT / _PROTOCOL / _ENABLE_TRACES";
      case "otel.metrics.exporter":
        return "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS";
      case "otel.logs.exporter":
        return "IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS";
      default:
        for (Variable<?> v : Variables.SDK_CHECKED) {
          if (Variables.sdkProperty(v).equals(property)) {
            return v.name() + " (or -D" + property + "), checked by Pixtrace";
          }
        }
        return property.startsWith("otel.exporter.otlp.") ? "IMGPROXY_OPEN_TELEMETRY_ENDPOINT / _PROTOCOL"
            : "IMGPROXY_OPEN_TELEMETRY_*";
    }
  }

  private static String value(Map<String, String[]> effective, String key) {
    String[] v = effective.get(key);
    return v == null ? "none" : v[0];
  }

  private static int check(Settings settings, Map<String, String[]> effective, PrintStream out) {
    int status = 0;
    boolean exports = value(effective, "otel.traces.exporter").contains("otlp")
        || value(effective, "otel.metrics.exporter").contains("otlp")
        || value(effective, "otel.logs.exporter").contains("otlp");
    if (exports) {
      // The exporters the agent would build, each sending one empty request: the protocol,
      // TLS and headers are tested, not only the TCP port.
      Duration timeout = settings.get(Variables.OTEL_EXPORTER_OTLP_TIMEOUT).plus(settings.connectionTimeout());
      boolean tls = value(effective, "otel.exporter.otlp.endpoint").startsWith("https://");
      for (SdkFactory.RoundTrip r : SdkFactory.roundTrips(settings, timeout)) {
        out.println((r.ok() ? "  OK    " : "  FAIL  ") + r.line() + (r.ok() ? "" : hint(r, tls, settings)));
        if (!r.ok()) {
          status = 1;
        }
      }
    } else {
      out.println("  --    no OTLP exporter configured");
    }
    String bind = settings.prometheusBind();
    if (bind != null) {
      int colon = bind.lastIndexOf(':');
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(bind.substring(0, colon), Integer.parseInt(bind.substring(colon + 1))));
        out.println("  OK    Prometheus address " + bind + " can be bound");
      } catch (IOException | RuntimeException ex) {
        out.println("  FAIL  Prometheus address " + bind + " cannot be bound: " + ex.getMessage());
        status = 1;
      }
    }
    return status;
  }

  /**
   * For an export that timed out (the SDK retries a refused connection until its timeout, so the
   * cause is lost): whether a TCP connection opens at all. One that opens, over TLS, is most often
   * a plaintext collector, which answers a TLS handshake with silence.
   */
  private static String hint(SdkFactory.RoundTrip r, boolean tls, Settings settings) {
    if (r.collector() == null || !r.line().contains("timeout")) {
      return "";
    }
    int colon = r.collector().lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(r.collector().substring(0, colon), Integer.parseInt(r.collector().substring(colon + 1))),
          (int) settings.connectionTimeout().toMillis());
      return tls ? " (a TCP connection opens: a plaintext collector answers TLS with silence; PROTOCOL=http or GRPC_INSECURE=true?)"
          : " (a TCP connection opens, but no answer came in time)";
    } catch (IOException | RuntimeException e) {
      return " (no TCP connection either: " + e.getMessage() + ")";
    }
  }

  /** Entry point used by the launcher's {@code main}. */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out));
  }
}
