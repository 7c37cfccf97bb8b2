package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlRedactorTest {
  private final UrlRedactor redactor = UrlRedactor.of(UrlRedactor.DEFAULT_NAMES);

  @Test
  void dropsUserInfo() {
    assertThat(redactor.redactUrl("https://user:pa55@images.example.com:8443/a.jpg"))
        .isEqualTo("https://images.example.com:8443/a.jpg");
  }

  @Test
  void redactsSecretLookingQueryValuesOnly() {
    assertThat(redactor.redactUrl("http://o.example/a.jpg?w=10&signature=abc&Token=x&X-Amz-Signature=s&keep=1#frag"))
        .isEqualTo("http://o.example/a.jpg?w=10&signature=REDACTED&Token=REDACTED&X-Amz-Signature=REDACTED&keep=1#frag");
  }

  @Test
  void leavesCleanUrlsAlone() {
    String url = "http://o.example/avatar/abc?s=80&d=mp";
    assertThat(redactor.redactUrl(url)).isSameAs(url);
    assertThat(redactor.redactQuery("s=80&keyword=cats")).isEqualTo("s=80&keyword=cats");
  }

  @Test
  void customNames() {
    UrlRedactor r = UrlRedactor.of(List.of("sess*"));
    assertThat(r.redactQuery("session_id=1&sig=2")).isEqualTo("session_id=REDACTED&sig=2");
  }
}
