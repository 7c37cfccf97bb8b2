package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivacyTest {
  @Test
  void emailsBecomeAStableHash() {
    String a = Privacy.hashEmails("/avatar/Alice@Example.com");
    String b = Privacy.hashEmails("/avatar/alice%40example.com");
    assertThat(a).matches("/avatar/email-sha256:[0-9a-f]{16}").isEqualTo(b);
    assertThat(Privacy.hashEmails("d=mp&email=bob@example.org&s=80"))
        .matches("d=mp&email=email-sha256:[0-9a-f]{16}&s=80");
  }

  @Test
  void textWithoutEmailsIsLeftAsItIs() {
    String path = "/avatar/c160f8cc69a4f0bf2b0362752353d060";
    assertThat(Privacy.hashEmails(path)).isSameAs(path);
    assertThat(Privacy.hashEmails("user@host")).isEqualTo("user@host");
  }

  @Test
  void urlRedactorHashesEmailsInPathsQueriesAndUrls() {
    UrlRedactor r = UrlRedactor.of(UrlRedactor.DEFAULT_NAMES);
    assertThat(r.redactUrl("https://gravatar.example/avatar/x@y.io?token=t"))
        .matches("https://gravatar.example/avatar/email-sha256:[0-9a-f]{16}\\?token=REDACTED");
    assertThat(r.redactPath("/a/x@y.io")).doesNotContain("x@y.io");
  }
}
