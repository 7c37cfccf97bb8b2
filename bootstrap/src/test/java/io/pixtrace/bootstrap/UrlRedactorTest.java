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

  /** The usual secret names of OAuth 2.0, API keys, cloud pre-signing and sessions, in any case (issue: 15). */
  @Test
  void redactsTheUsualSecretNamesByDefault() {
    String query = "w=64&access_token=a1&REFRESH_TOKEN=r1&id_token=i1&api_key=k1&ApiKey=k2&client_secret=c1&secret=s1"
        + "&auth=u1&session=x1&sig=g1&X-Goog-Signature=gs&AWSAccessKeyId=AK&Signature=cf&password=p1&f=webp";
    assertThat(redactor.redactQuery(query)).isEqualTo("w=64&access_token=REDACTED&REFRESH_TOKEN=REDACTED&id_token=REDACTED"
        + "&api_key=REDACTED&ApiKey=REDACTED&client_secret=REDACTED&secret=REDACTED&auth=REDACTED&session=REDACTED"
        + "&sig=REDACTED&X-Goog-Signature=REDACTED&AWSAccessKeyId=REDACTED&Signature=REDACTED&password=REDACTED&f=webp");
    assertThat(redactor.redactUrl("https://cdn.example/a.png?access_token=abc&w=1"))
        .isEqualTo("https://cdn.example/a.png?access_token=REDACTED&w=1");
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
