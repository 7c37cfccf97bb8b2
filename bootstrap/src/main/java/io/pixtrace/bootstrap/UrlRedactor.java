package io.pixtrace.bootstrap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cleans URLs before they become span attributes: drops user-info ({@code user:pass@}),
 * replaces the values of query parameters whose names look like secrets with
 * {@code REDACTED}, as the HTTP semantic conventions ask for {@code url.full} and
 * {@code url.query}, and replaces e-mail addresses with a hash (ivatar's privacy note: avatar
 * URLs often carry the address itself). Names match case-insensitively; a trailing {@code *}
 * makes a prefix.
 */
public final class UrlRedactor {
  /**
   * The default sensitive parameter names: signatures (imgproxy's, Azure SAS's {@code sig},
   * CloudFront's {@code Signature}, S3 and GCS pre-signing, the four keys the semantic
   * conventions' {@code url.full} note names), OAuth 2.0 tokens and client secrets (RFC 6749),
   * API keys, passwords and session ids. A configured list is added to these
   * (docs/configuration.md, {@code IMGPROXY_OPEN_TELEMETRY_SENSITIVE_QUERY_PARAMS}).
   */
  public static final List<String> DEFAULT_NAMES = List.of(
      "signature", "sig", "AWSAccessKeyId", "X-Amz-*", "X-Goog-*",
      "token", "access_token", "refresh_token", "id_token", "auth_token", "code", "client_secret", "assertion", "jwt",
      "key", "api_key", "apikey", "api-key", "secret", "password", "passwd", "pwd",
      "auth", "authorization", "credential", "credentials", "session", "sessionid", "session_id", "sid");

  /** Lower-case exact names, looked up once per query parameter. */
  private final Set<String> exact;
  private final String[] prefixes;

  private UrlRedactor(List<String> names) {
    List<String> e = new ArrayList<>();
    List<String> p = new ArrayList<>();
    for (String n : names) {
      String lower = n.trim().toLowerCase(Locale.ROOT);
      if (lower.isEmpty()) {
        continue;
      }
      if (lower.endsWith("*")) {
        p.add(lower.substring(0, lower.length() - 1));
      } else {
        e.add(lower);
      }
    }
    exact = new HashSet<>(e);
    prefixes = p.toArray(new String[0]);
  }

  /** A redactor for these parameter names ({@code *} suffix = prefix match). */
  public static UrlRedactor of(List<String> names) {
    return new UrlRedactor(names);
  }

  /** Returns the URL without user-info, with sensitive query values and e-mails redacted. */
  public String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    int schemeEnd = url.indexOf("://");
    String result = url;
    if (schemeEnd > 0) {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = indexOfAny(url, authorityStart, "/?#");
      int at = url.lastIndexOf('@', authorityEnd - 1);
      if (at >= authorityStart) {
        result = url.substring(0, authorityStart) + url.substring(at + 1);
      }
    }
    result = Privacy.hashEmails(result);
    int q = result.indexOf('?');
    if (q < 0) {
      return result;
    }
    int hash = result.indexOf('#', q);
    String query = hash < 0 ? result.substring(q + 1) : result.substring(q + 1, hash);
    String redacted = redactQuery(query);
    if (redacted.equals(query)) {
      return result;
    }
    return result.substring(0, q + 1) + redacted + (hash < 0 ? "" : result.substring(hash));
  }

  /** Returns the path with e-mail addresses replaced by their hash. */
  public String redactPath(String path) {
    return path == null ? null : Privacy.hashEmails(path);
  }

  /** Returns the query string (without {@code ?}) with sensitive values and e-mails redacted. */
  public String redactQuery(String query) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    query = Privacy.hashEmails(query);
    StringBuilder out = null;
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int eq = query.indexOf('=', start);
      if (eq > start && eq < end && sensitive(query.substring(start, eq))) {
        if (out == null) {
          out = new StringBuilder(query.length());
          out.append(query, 0, start);
        }
        out.append(query, start, eq + 1).append("REDACTED");
      } else if (out != null) {
        out.append(query, start, end);
      }
      if (end < query.length() && out != null) {
        out.append('&');
      }
      start = end + 1;
    }
    return out == null ? query : out.toString();
  }

  private boolean sensitive(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (exact.contains(lower)) {
      return true;
    }
    for (String p : prefixes) {
      if (lower.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }
}
