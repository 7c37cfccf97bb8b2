package io.pixtrace.agent.config;

import java.util.function.Consumer;

/**
 * How the text of one variable becomes a typed value. A malformed value is never thrown: each
 * problem is one error line naming the variable, the value (or, for secrets, only its length)
 * and what is allowed, and the bad part is left out (docs/configuration.md, "Malformed values
 * and strict mode"). The parsers are in {@link Parsers}.
 *
 * @param <T> the typed value
 */
public interface Parser<T> {
  /**
   * Parses a value that was given (trimmed when it came from the environment).
   *
   * @param name the variable, for error lines
   * @param text the value as given
   * @param fallback what the variable holds when unset, used in place of a bad value
   * @param errors receives one line per problem
   * @return the value to use: the parsed one, {@code fallback}, or with the bad entries left out
   */
  T parse(String name, String text, T fallback, Consumer<String> errors);

  /** A short name of the type, e.g. {@code boolean} or {@code host:port}. */
  String kind();

  /** What is allowed, as every error line of this parser says it; empty when anything is. */
  String allowed();

  /** The value as {@code config} prints it and docs/configuration.md gives defaults; "" for none. */
  default String show(T value) {
    return value == null ? "" : value.toString();
  }

  /** Whether the text holds a value at all (a list with no entries counts as unset). */
  default boolean given(String text) {
    return true;
  }

  /** What may be printed of a secret value: its length only. */
  default String mask(String text) {
    return "*** (" + text.length() + " characters)";
  }
}
