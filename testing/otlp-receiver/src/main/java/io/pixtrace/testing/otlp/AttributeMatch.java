package io.pixtrace.testing.otlp;

import java.util.List;
import java.util.Map;

/** Subset matching of received attribute maps against expectations written in plain Java. */
final class AttributeMatch {

  private AttributeMatch() {}

  /** Whether {@code actual} has every entry of {@code expected}, with numbers widened. */
  static boolean containsAll(Map<String, Object> actual, Map<String, ?> expected) {
    for (Map.Entry<String, ?> e : expected.entrySet()) {
      if (!actual.containsKey(e.getKey())) {
        return false;
      }
      if (!valueEquals(actual.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean valueEquals(Object actual, Object expected) {
    Object normalized = normalize(expected);
    if (normalized instanceof List<?> expectedList && actual instanceof List<?> actualList) {
      if (expectedList.size() != actualList.size()) {
        return false;
      }
      for (int i = 0; i < expectedList.size(); i++) {
        if (!valueEquals(actualList.get(i), expectedList.get(i))) {
          return false;
        }
      }
      return true;
    }
    return normalized == null ? actual == null : normalized.equals(actual);
  }

  private static Object normalize(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }
}
