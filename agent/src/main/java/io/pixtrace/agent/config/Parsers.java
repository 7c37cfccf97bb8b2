package io.pixtrace.agent.config;

import io.pixtrace.instrumentation.api.Layer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The value types of the configuration variables ({@link Variables}). Each error line names the
 * variable, the value and what is allowed, and says what is used instead; the wording is the
 * one docs/configuration.md quotes under "Malformed values and strict mode".
 */
public final class Parsers {
  private Parsers() {}

  /** {@code true/false}, {@code 1/0}, {@code yes/no}, {@code on/off}, in any case. */
  public static final Parser<Boolean> BOOLEAN = typed("boolean", "true or false (also 1/0, yes/no, on/off)",
      (name, text, fallback, errors) -> {
        switch (text.toLowerCase(Locale.ROOT)) {
          case "true", "1", "yes", "on":
            return true;
          case "false", "0", "no", "off":
            return false;
          default:
            errors.accept(name + "=\"" + text + "\" is not a boolean: allowed are true or false (also 1/0, yes/no, on/off); using "
                + fallback);
            return fallback;
        }
      });

  /** Any text, never an error. */
  public static final Parser<String> TEXT = typed("text", "", (name, text, fallback, errors) -> text);

  /** One of the constants of {@code type}, named in any case; shown in lower case. */
  public static <E extends Enum<E>> Parser<E> choice(Class<E> type) {
    String allowed = Arrays.stream(type.getEnumConstants()).map(Parsers::lower).collect(Collectors.joining(", "));
    return new Typed<>("choice", allowed, (name, text, fallback, errors) -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(text)) {
          return e;
        }
      }
      errors.accept(name + "=\"" + text + "\" is not supported: allowed are " + allowed + "; using " + lower(fallback));
      return fallback;
    }, Parsers::lower, text -> true, null);
  }

  /** A whole number of seconds from {@code min} to {@code max}; shown as that number. */
  public static Parser<Duration> seconds(long min, long max) {
    String allowed = "a whole number of seconds from " + min + " to " + max;
    return new Typed<>("seconds", allowed, (name, text, fallback, errors) -> {
      try {
        long s = Long.parseLong(text);
        if (s >= min && s <= max) {
          return Duration.ofSeconds(s);
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      errors.accept(name + "=\"" + text + "\" is not a timeout: allowed is " + allowed + "; using " + fallback.toSeconds());
      return fallback;
    }, d -> Long.toString(d.toSeconds()), text -> true, null);
  }

  /**
   * A whole number from {@code min} to {@code max}; a bad one is the variable's fallback (for the
   * SDK's own variables the SDK's default, else none, {@code null}: the default applies).
   */
  public static Parser<Integer> count(int min, int max) {
    String allowed = "a whole number from " + min + " to " + max;
    return new Typed<>("count", allowed, (name, text, fallback, errors) -> {
      try {
        int n = Integer.parseInt(text.trim());
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      errors.accept(name + "=\"" + text + "\" is not a count: allowed is " + allowed + "; using "
          + (fallback == null ? "the default" : fallback));
      return fallback;
    }, n -> Integer.toString(n), text -> true, null);
  }

  /** A ratio from 0 to 1, such as {@code 0.1}; a bad one is none ({@code null}). */
  public static final Parser<Double> RATIO = new Typed<>("ratio", "a number from 0 to 1, e.g. 0.1",
      (name, text, fallback, errors) -> {
        try {
          double r = Double.parseDouble(text.trim());
          if (r >= 0 && r <= 1) {
            return r;
          }
        } catch (NumberFormatException ignored) {
          // reported below
        }
        errors.accept(name + "=\"" + text + "\" is not a ratio: allowed is a number from 0 to 1, e.g. 0.1; tail sampling is off");
        return fallback;
      }, r -> Double.toString(r), text -> true, null);

  private static final Pattern DURATION_TEXT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

  /** A duration as Stalwart writes it: {@code 500ms}, {@code 1s}, {@code 2m}, a bare number in ms; 1 ms to 10 min. */
  public static final Parser<Duration> DURATION = new Typed<>("duration", "e.g. 500ms, 1s, 2m (1 ms to 10 minutes)",
      (name, text, fallback, errors) -> {
        Matcher m = DURATION_TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
          long n = Long.parseLong(m.group(1));
          String unit = m.group(2) == null ? "ms" : m.group(2);
          Duration d = unit.equals("ms") ? Duration.ofMillis(n) : unit.equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
          if (!d.isZero() && d.compareTo(Duration.ofMinutes(10)) <= 0) {
            return d;
          }
        }
        errors.accept(name + "=\"" + text + "\" is not a duration: allowed are e.g. 500ms, 1s, 2m (1 ms to 10 minutes); using "
            + fallback.toMillis() + "ms");
        return fallback;
      },
      d -> d.toMillis() % 60_000 == 0 ? d.toMinutes() + "m" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms",
      text -> true, null);

  private static final Pattern SDK_DURATION_TEXT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)?");

  /**
   * A duration as the OpenTelemetry SDK reads its {@code OTEL_*} durations: a whole number of
   * milliseconds, or with a unit {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}; from
   * {@code min} ms. Shown in milliseconds, the SDK's form.
   */
  public static Parser<Duration> sdkDuration(long min) {
    String allowed = "a whole number of milliseconds from " + min + ", or with a unit (ms, s, m, h, d), e.g. 5000 or 5s";
    return new Typed<>("SDK duration", allowed, (name, text, fallback, errors) -> {
      Matcher m = SDK_DURATION_TEXT.matcher(text.toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        Duration d = switch (unit) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofMillis(n);
        };
        if (d.toMillis() >= min) {
          return d;
        }
      }
      errors.accept(name + "=\"" + text + "\" is not a duration: allowed is " + allowed + "; using the SDK's default "
          + fallback.toMillis());
      return fallback;
    }, d -> Long.toString(d.toMillis()), text -> true, null);
  }

  /** Collector addresses, {@code host:port} without a scheme, comma separated: all valid, or none is used. */
  public static final Parser<List<String>> COLLECTORS = new Typed<>("host:port list",
      "host:port without a scheme, e.g. otel-collector:4317", (name, text, fallback, errors) -> {
        List<String> entries = split(text, ",");
        for (String e : entries) {
          if (!validHostPort(e)) {
            errors.accept(name + "=\"" + e + "\" is not a collector address: expected host:port without a scheme, e.g. otel-collector:4317");
          }
        }
        return entries.stream().allMatch(Parsers::validHostPort) ? Collections.unmodifiableList(entries) : List.of();
      }, list -> String.join(",", list), text -> !split(text, ",").isEmpty(), null);

  /** One address to bind, {@code host:port}; a bad one leaves the Prometheus endpoint off (null). */
  public static final Parser<String> BIND_ADDRESS = typed("host:port", "host:port, e.g. 0.0.0.0:9464",
      (name, text, fallback, errors) -> {
        if (validHostPort(text)) {
          return text;
        }
        errors.accept(name + "=\"" + text + "\" is not a bind address: expected host:port, e.g. 0.0.0.0:9464; the Prometheus endpoint is off");
        return null;
      });

  /** A Prometheus metric name prefix: letters, digits and {@code _}, not starting with a digit; a bad one is none (null). */
  public static final Parser<String> METRIC_PREFIX = typed("metric prefix", "letters, digits and _, not starting with a digit",
      (name, text, fallback, errors) -> {
        if (text.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
          return text;
        }
        errors.accept(name + "=\"" + text + "\" is not a metric name prefix: allowed are letters, digits and _, not starting"
            + " with a digit; no prefix is used");
        return null;
      });

  /**
   * PEM content (a literal {@code \n} read as a newline, as imgproxy documents) or the path of
   * a PEM file, holding a {@code pemType} block ({@code CERTIFICATE}, {@code PRIVATE KEY}); the
   * PEM text, or null when it is neither. A secret: errors give its length only.
   */
  public static Parser<String> pem(String pemType) {
    return typed("PEM", "PEM text (newlines as \\n) or a file path", (name, text, fallback, errors) -> {
      String pem = text.replace("\\n", "\n");
      if (!pem.contains("-----BEGIN")) {
        try {
          pem = Files.readString(Path.of(text));
        } catch (java.io.IOException | RuntimeException e) {
          errors.accept(name + " is neither PEM content nor a readable PEM file (" + describeSecret(text)
              + "): give the PEM text (newlines as \\n) or a file path; it is ignored");
          return null;
        }
      }
      if (!pem.contains("-----BEGIN") || !pem.contains(pemType)) {
        errors.accept(name + " does not hold a PEM " + pemType.toLowerCase(Locale.ROOT) + " (" + describeSecret(text)
            + "): expected -----BEGIN ..." + pemType + "-----; it is ignored");
        return null;
      }
      return pem;
    });
  }

  /**
   * Export headers: {@code Name: value} entries (Stalwart's form, the value taken as written)
   * or {@code Name=value} entries (the form of {@code OTEL_EXPORTER_OTLP_HEADERS}, the value
   * percent-decoded as the SDK decodes that variable), separated by commas or newlines; an
   * entry's form is whichever of {@code :} and {@code =} comes first. Values are secrets:
   * errors give an entry's number and length, the mask the names only.
   */
  public static final Parser<Map<String, String>> HEADERS = new Typed<>("headers",
      "Name: value or Name=value entries separated by commas or newlines", (name, text, fallback, errors) -> {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String entry : text.split("[,\\n]")) {
          n++;
          if (entry.isBlank()) {
            continue;
          }
          int at = headerSeparator(entry);
          String key = at > 0 ? entry.substring(0, at).trim() : "";
          if (at <= 0 || !key.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            errors.accept(name + " entry " + n + " is not \"Name: value\" nor \"Name=value\" (" + describeSecret(entry)
                + "): allowed are Name: value or Name=value entries separated by commas or newlines; it is left out");
            continue;
          }
          String value = entry.substring(at + 1).trim();
          if (entry.charAt(at) == '=') {
            try {
              value = URLDecoder.decode(value, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
              errors.accept(name + " entry " + n + " has a malformed %-escape in its value (" + describeSecret(entry)
                  + "): Name=value values are percent-encoded (%20 for a blank); it is left out");
              continue;
            }
          }
          out.put(key, value);
        }
        return Collections.unmodifiableMap(out);
      }, headers -> headers.isEmpty() ? "" : headerNames(headers.keySet().stream()), text -> true,
      text -> headerNames(Arrays.stream(text.split("[,\\n]")).filter(e -> headerSeparator(e) > 0)
          .map(e -> e.substring(0, headerSeparator(e)).trim())));

  /** Index of the first {@code :} or {@code =} in a header entry, or -1. */
  private static int headerSeparator(String entry) {
    for (int i = 0; i < entry.length(); i++) {
      char c = entry.charAt(i);
      if (c == ':' || c == '=') {
        return i;
      }
    }
    return -1;
  }

  /** Comma separated text entries, any text. */
  public static final Parser<List<String>> LIST = entries(",", "list", null, "", "", Function.identity(),
      Collections::unmodifiableList, List::stream, Function.identity());

  /** {@code key=value} entries separated by commas (KrakenD's static attributes); a later key wins. */
  public static final Parser<Map<String, String>> KEY_VALUES = entries(",", "key=value list", "key=value",
      "key=value entries separated by commas", "it is left out",
      e -> e.indexOf('=') > 0 ? Map.entry(e.substring(0, e.indexOf('=')).trim(), e.substring(e.indexOf('=') + 1).trim()) : null,
      entries -> {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
      },
      m -> m.entrySet().stream(), e -> e.getKey() + "=" + e.getValue());

  /** HTTP header names separated by commas, lower-cased (semconv's {@code http.request.header.<key>}). */
  public static final Parser<List<String>> HEADER_NAMES = entries(",", "header name list", "a header name",
      "HTTP header names such as Accept, Save-Data, DPR", "it is left out",
      h -> h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") ? h.toLowerCase(Locale.ROOT) : null,
      Collections::unmodifiableList, List::stream, Function.identity());

  /**
   * Query parameter names ({@code *} at the end makes a prefix), comma separated: each name is
   * characters a query name may hold unencoded (RFC 3986, section 3.4, without {@code & = #}
   * and blanks); every other entry is reported and left out.
   */
  public static final Parser<List<String>> QUERY_PARAM_NAMES = entries(",", "query parameter list", "a parameter name",
      "names of letters, digits and -._~!$'()+;:@% separated by commas, * only at the end (a prefix)", "it is left out",
      n -> n.matches("[A-Za-z0-9\\-._~!$'()+;:@%]+\\*?") ? n : null,
      Collections::unmodifiableList, List::stream, Function.identity());

  /** Request paths: exact ({@code /health}) or prefixes ending in {@code *} ({@code /static/*}). */
  public static final Parser<List<String>> PATHS = entries(",", "path list", "a path",
      "/exact/paths and /prefixes/*", "it is left out",
      p -> !p.startsWith("/") || p.indexOf('*') >= 0 && p.indexOf('*') != p.length() - 1 ? null : p,
      Collections::unmodifiableList, List::stream, Function.identity());

  /** The host's methods as a stage: {@code com.acme.Images#resize;com.acme.Fetch#*}, separated by {@code ;}. */
  public static final Parser<List<String>> METHODS = entries(";", "method list", "class#method",
      "fully.qualified.Class#method or Class#* entries separated by ;", "it is left out",
      e -> e.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*#([A-Za-z_$][A-Za-z0-9_$]*|\\*)") ? e : null,
      Collections::unmodifiableList, List::stream, Function.identity());

  private static final List<String> PROPAGATOR_NAMES =
      List.of("tracecontext", "baggage", "b3", "b3multi", "jaeger", "xray", "ottrace", "none");

  /** Propagator names, lower-cased; when every one is left out, {@code none}. */
  public static final Parser<List<String>> PROPAGATORS = entries(",", "name list", "a propagator",
      String.join(", ", PROPAGATOR_NAMES), "it is left out",
      p -> PROPAGATOR_NAMES.contains(p.toLowerCase(Locale.ROOT)) ? p.toLowerCase(Locale.ROOT) : null,
      ok -> ok.isEmpty() ? List.of("none") : Collections.unmodifiableList(ok), List::stream, Function.identity());

  /** The layers {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} may switch off: every {@link Layer} but {@code logs}. */
  private static final Set<Layer> DISABLE_LAYERS = EnumSet.complementOf(EnumSet.of(Layer.LOGS));

  /** Layer names ({@link Layer#configName()}, any case), as an {@code EnumSet}; shown as {@code none} when empty. */
  public static final Parser<Set<Layer>> LAYERS = entries(",", "name list", "a layer",
      DISABLE_LAYERS.stream().map(Layer::configName).collect(Collectors.joining(", ")), "it is ignored",
      l -> Layer.parse(l).filter(DISABLE_LAYERS::contains).orElse(null),
      layers -> Collections.unmodifiableSet(layers.isEmpty() ? EnumSet.noneOf(Layer.class) : EnumSet.copyOf(layers)),
      Set::stream, Layer::configName).showing(layers -> layers.isEmpty() ? "none"
          : layers.stream().map(Layer::configName).collect(Collectors.joining(",")));

  /** Parses one given value: see {@link Parser#parse}. */
  @FunctionalInterface
  private interface Parse<T> {
    T parse(String name, String text, T fallback, Consumer<String> errors);
  }

  /** A parser from its parts; {@code mask} null: the length only. */
  private record Typed<T>(String kind, String allowed, Parse<T> parseFn, Function<T, String> showFn,
      Predicate<String> givenFn, Function<String, String> maskFn) implements Parser<T> {
    @Override
    public T parse(String name, String text, T fallback, Consumer<String> errors) {
      return parseFn.parse(name, text, fallback, errors);
    }

    @Override
    public String show(T value) {
      return value == null ? "" : showFn.apply(value);
    }

    @Override
    public boolean given(String text) {
      return givenFn.test(text);
    }

    @Override
    public String mask(String text) {
      return maskFn == null ? Parser.super.mask(text) : maskFn.apply(text);
    }

    /** The same parser, shown by {@code show}. */
    Typed<T> showing(Function<T, String> show) {
      return new Typed<>(kind, allowed, parseFn, show, givenFn, maskFn);
    }
  }

  private static <T> Parser<T> typed(String kind, String allowed, Parse<T> parse) {
    return new Typed<>(kind, allowed, parse, Object::toString, text -> true, null);
  }

  /**
   * Entries split at {@code separator}, blanks skipped, each checked by {@code entry} (null: not
   * allowed, reported and left out) and collected; a text without entries counts as unset.
   */
  private static <E, C> Typed<C> entries(String separator, String kind, String what, String allowed, String consequence,
      Function<String, E> entry, Function<List<E>, C> collect, Function<C, Stream<E>> stream, Function<E, String> show) {
    return new Typed<>(kind, allowed, (name, text, fallback, errors) -> {
      List<E> out = new ArrayList<>();
      for (String e : split(text, separator)) {
        E value = entry.apply(e);
        if (value == null) {
          errors.accept(name + " has \"" + e + "\", which is not " + what + ": allowed are " + allowed + "; " + consequence);
        } else {
          out.add(value);
        }
      }
      return collect.apply(out);
    }, value -> stream.apply(value).map(show).collect(Collectors.joining(separator)), text -> !split(text, separator).isEmpty(), null);
  }

  private static List<String> split(String text, String separator) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(Pattern.quote(separator))) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static String headerNames(Stream<String> names) {
    String shown = names.map(n -> n + ": ***").collect(Collectors.joining(", "));
    return shown.isEmpty() ? "***" : shown;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** What may be printed of a secret value: its length only. */
  static String describeSecret(String value) {
    return "value of " + value.length() + " characters, not shown";
  }

  /**
   * {@code host:port}: no scheme and no {@code /}; the host a name or IPv4 address (letters,
   * digits, {@code . - _}) or an IPv6 address in brackets ({@code [::1]}, RFC 3986, section
   * 3.2.2); a port from 1 to 65535.
   */
  static boolean validHostPort(String value) {
    if (value.contains("://") || value.contains("/")) {
      return false;
    }
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      return false;
    }
    String host = value.substring(0, colon);
    boolean hostOk = host.startsWith("[")
        ? host.matches("\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9._~-]+)?]")
        : host.matches("[A-Za-z0-9._-]+");
    if (!hostOk) {
      return false;
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      return port > 0 && port < 65536;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
