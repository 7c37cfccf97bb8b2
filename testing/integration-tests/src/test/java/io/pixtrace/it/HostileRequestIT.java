package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests a hostile client sends to inflate telemetry: a 100 KB {@code User-Agent}, a 60 KB
 * query, a 10 KB {@code Host}, a 30 KB path, and secrets in the query. Against the avatar service
 * with and without the agent (raw HTTP/1.1 over a socket, so nothing in between trims them):
 * the answers are byte for byte the same (the {@code Date} header aside), and every span the
 * agent exports stays within the attribute value limit (4096 characters by default,
 * docs/configuration.md) with the secrets redacted.
 */
class HostileRequestIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int LIMIT = 4096;

  @Test
  void hugeHeadersQueryAndPathGiveBoundedSpansAndTheSameAnswers() throws Exception {
    String hash = TestOrigin.ALICE;
    Map<String, String[]> requests = new LinkedHashMap<>();
    // name -> {request target, Host header, User-Agent}
    requests.put("user-agent", new String[] {"/avatar/" + hash + "?s=32", "localhost", "x".repeat(100_000)});
    requests.put("query", new String[] {"/avatar/" + hash + "?s=32&pad=" + "q".repeat(60_000), "localhost", "curl/8"});
    requests.put("host", new String[] {"/avatar/" + hash + "?s=32", "h".repeat(10_000), "curl/8"});
    requests.put("path", new String[] {"/avatar/" + "p".repeat(30_000), "localhost", "curl/8"});
    requests.put("secrets", new String[] {"/avatar/" + hash + "?s=32&access_token=tok-123&api_key=key-456&client_secret=cs-789",
        "localhost", "curl/8"});
    try (TestOrigin origin = new TestOrigin(); OtlpReceiver otlp = OtlpReceiver.start()) {
      Map<String, String> without;
      try (AvatarHost plain = AvatarHost.start(false, origin.url(), Map.of())) {
        without = answers(plain, requests);
      }
      Map<String, String> with;
      try (AvatarHost traced = AvatarHost.start(true, origin.url(), Map.of(
          "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(), "IMGPROXY_OPEN_TELEMETRY_THROTTLE", "100ms"))) {
        with = answers(traced, requests);
        otlp.awaitSpans(spans -> spans.stream().filter(s -> s.kind() == ReceivedSpan.Kind.SERVER).count() == requests.size(),
            WAIT);
      }
      assertThat(with).as("the answers with the agent").isEqualTo(without);
      for (ReceivedSpan span : otlp.spans()) {
        span.attributes().forEach((key, value) -> assertThat(String.valueOf(value).length())
            .as("%s of span %s", key, span.name()).isLessThanOrEqualTo(LIMIT));
      }
      List<Object> userAgents = new ArrayList<>();
      otlp.spans().forEach(s -> userAgents.add(s.attribute("user_agent.original")));
      assertThat(userAgents).contains("x".repeat(LIMIT));
      assertThat(otlp.spans()).anySatisfy(s -> assertThat((String) s.attribute("url.query")).hasSize(LIMIT).startsWith("s=32&pad=q"));
      assertThat(otlp.spans()).anySatisfy(s -> assertThat((String) s.attribute("url.query"))
          .isEqualTo("s=32&access_token=REDACTED&api_key=REDACTED&client_secret=REDACTED"));
      assertThat(otlp.dumpSpans()).doesNotContain("tok-123").doesNotContain("key-456").doesNotContain("cs-789");
    }
  }

  /** Each request's answer: status line, headers but Date, and the body's bytes as hex hash. */
  private static Map<String, String> answers(AvatarHost host, Map<String, String[]> requests) throws Exception {
    URI uri = URI.create(host.url);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> e : requests.entrySet()) {
      String[] r = e.getValue();
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout((int) WAIT.toMillis());
        OutputStream os = socket.getOutputStream();
        os.write(("GET " + r[0] + " HTTP/1.1\r\nHost: " + r[1] + "\r\nUser-Agent: " + r[2]
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        os.flush();
        out.put(e.getKey(), withoutDate(readAll(socket.getInputStream())));
      }
    }
    return out;
  }

  private static byte[] readAll(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toByteArray();
  }

  private static String withoutDate(byte[] response) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    StringBuilder s = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (!line.regionMatches(true, 0, "Date:", 0, 5)) {
        s.append(line).append('\n');
      }
    }
    return s + "body " + body.length() + " bytes, hash " + body.hashCode();
  }
}
