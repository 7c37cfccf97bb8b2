package io.pixtrace.bootstrap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps e-mail addresses out of telemetry (ivatar's privacy note: avatar services see them in
 * URLs). An e-mail-like value, plain or percent-encoded ({@code %40}), becomes
 * {@code email-sha256:} and the first 16 hex digits of the SHA-256 of the lower-cased address,
 * so the same address still correlates across spans without being readable.
 */
final class Privacy {
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  private Privacy() {}

  /** Returns the text with every e-mail-like value replaced by its hash (cheap when none). */
  static String hashEmails(String text) {
    if (text == null || (text.indexOf('@') < 0 && !text.contains("%40"))) {
      return text;
    }
    Matcher m = EMAIL.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(hash(m.group()));
      last = m.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  static String hash(String email) {
    String normal = email.replace("%40", "@").toLowerCase(Locale.ROOT);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("email-sha256:");
      for (int i = 0; i < 8; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      return "email-redacted";
    }
  }
}
