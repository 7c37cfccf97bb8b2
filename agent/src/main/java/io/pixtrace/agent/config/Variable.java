package io.pixtrace.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One configuration variable, declared once in {@link Variables}: its name, value type
 * ({@link Parser}), default, whether it is a secret, its one-line doc and the table of
 * docs/configuration.md that documents it. Immutable.
 *
 * @param <T> the typed value
 */
public final class Variable<T> {
  /** The tables of docs/configuration.md's "Variables" section; {@link #PROSE}: named in the text only. */
  public enum Docs {
    /** "### imgproxy 3.x". */
    IMGPROXY_3("imgproxy 3.x"),
    /** "### imgproxy 4.x". */
    IMGPROXY_4("imgproxy 4.x"),
    /** "### Pixtrace / seed additions". */
    PIXTRACE("Pixtrace / seed additions"),
    /** Master switches and standard {@code OTEL_*} names, described in the page's prose. */
    PROSE(null);

    private final String heading;

    Docs(String heading) {
      this.heading = heading;
    }

    /** The {@code ###} heading of the table, or null for {@link #PROSE}. */
    public String heading() {
      return heading;
    }
  }

  private final String name;
  private final Parser<T> parser;
  private final T fallback;
  private final Docs docs;
  private final String doc;
  private final boolean secret;
  private final String systemProperty;
  private final String documentedDefault;

  private Variable(String name, Parser<T> parser, T fallback, Docs docs, String doc, boolean secret,
      String systemProperty, String documentedDefault) {
    this.name = name;
    this.parser = parser;
    this.fallback = fallback;
    this.docs = docs;
    this.doc = doc;
    this.secret = secret;
    this.systemProperty = systemProperty;
    this.documentedDefault = documentedDefault;
  }

  /** A variable holding {@code fallback} when unset or bad. */
  static <T> Variable<T> of(String name, Parser<T> parser, T fallback, Docs docs, String doc) {
    return new Variable<>(name, parser, fallback, docs, doc, false, null, null);
  }

  /** The same variable, a secret: never printed, only its length (or, for headers, the names). */
  Variable<T> asSecret() {
    return new Variable<>(name, parser, fallback, docs, doc, true, systemProperty, documentedDefault);
  }

  /** The same variable, read from the system property {@code property} when unset (as the SDK reads it). */
  Variable<T> orSystemProperty(String property) {
    return new Variable<>(name, parser, fallback, docs, doc, secret, property, documentedDefault);
  }

  /** The same variable, with docs/configuration.md's default column saying {@code text}. */
  Variable<T> documentedAs(String text) {
    return new Variable<>(name, parser, fallback, docs, doc, secret, systemProperty, text);
  }

  /** The environment variable's name. */
  public String name() {
    return name;
  }

  /** Its value type. */
  public Parser<T> parser() {
    return parser;
  }

  /** The value when unset, and in place of a bad value. */
  public T fallback() {
    return fallback;
  }

  /** Which table of docs/configuration.md lists it. */
  public Docs docs() {
    return docs;
  }

  /** One line on what it does. */
  public String doc() {
    return doc;
  }

  /** Whether its value is a secret (headers, certificates, keys). */
  public boolean secret() {
    return secret;
  }

  /** The default as docs/configuration.md's table gives it: {@code unset}, or the value as {@code config} shows it. */
  public String documentedDefault() {
    if (documentedDefault != null) {
      return documentedDefault;
    }
    String shown = fallback == null ? "" : parser.show(fallback);
    return shown.isEmpty() ? "unset" : shown;
  }

  /**
   * The value as {@code config} prints it: for a secret the given text masked, for a value not
   * consulted the given text, else the value in use; {@code (unset)} when there is none.
   */
  public String shown(Reading<T> reading) {
    if (secret) {
      return reading.set() ? parser.mask(reading.text()) : "(unset)";
    }
    if (reading.unused() != null) {
      return reading.text();
    }
    String shown = reading.value() == null ? "" : parser.show(reading.value());
    return shown.isEmpty() ? "(unset)" : shown;
  }

  /** Reads the variable from {@code env} (trimmed; blank is unset), else from its system property. */
  Reading<T> read(Map<String, String> env) {
    String text = env.get(name);
    text = text == null || text.isBlank() ? null : text.trim();
    String source = "environment";
    if (text == null && systemProperty != null) {
      // As given, untrimmed: the SDK reads the property itself and so does the agent.
      text = System.getProperty(systemProperty);
      source = "-D" + systemProperty;
    }
    if (text == null || !parser.given(text)) {
      return new Reading<>(fallback, text, false, "default", List.of(), null);
    }
    List<String> errors = new ArrayList<>();
    T value = parser.parse(name, text, fallback, errors::add);
    return new Reading<>(value, text, true, source, List.copyOf(errors), null);
  }

  /**
   * What one variable held when the settings were read.
   *
   * @param value the typed value in use (the fallback when unset or bad; null when turned off)
   * @param text the text as given, null when absent
   * @param set whether a value was given ({@code text} holds at least one entry)
   * @param source {@code environment}, {@code -D<property>} or {@code default}
   * @param errors the error lines for this variable
   * @param unused why a given value is not consulted, or null
   * @param <T> the typed value
   */
  public record Reading<T>(T value, String text, boolean set, String source, List<String> errors, String unused) {
    /** The same reading, turned off (null) with one more error. */
    Reading<T> off(String error) {
      List<String> more = new ArrayList<>(errors);
      more.add(error);
      return new Reading<>(null, text, set, source, List.copyOf(more), unused);
    }

    /** The same reading, {@code corrected} in use, with one more error. */
    Reading<T> withError(String error, T corrected) {
      List<String> more = new ArrayList<>(errors);
      more.add(error);
      return new Reading<>(corrected, text, set, source, List.copyOf(more), unused);
    }

    /** The same reading, not consulted because of {@code why}: its errors dropped, {@code value} in use. */
    Reading<T> unused(String why, T value) {
      return new Reading<>(value, text, set, source, List.of(), why);
    }
  }
}
