package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The download handle the way the clients' advice uses it: nesting, keyed calls across threads. */
class DownloadStageTest {
  private final TestTelemetry telemetry = new TestTelemetry(true);
  private final TestTelemetry.MapServerAdapter server = new TestTelemetry.MapServerAdapter();

  @AfterEach
  void close() {
    telemetry.close();
  }

  private static DownloadRequest get(String url) {
    return new DownloadRequest("GET", url);
  }

  private long clientSpans() {
    return telemetry.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).count();
  }

  @Test
  void aCallNestedInADownloadStartsNothingAndTheNextDownloadStartsAgain() {
    Map<String, Object> req = TestTelemetry.request("GET", "/n");
    Object request = ServerStage.start(server, req);
    Download outer = DownloadStage.start(get("http://origin.example/a"));
    assertThat(DownloadStage.start(get("http://origin.example/a"))).isNull();
    assertThat(DownloadStage.enter(new Object(), get("http://origin.example/a"))).isNull();
    outer.end(200, 5, null);
    Download next = DownloadStage.start(get("http://origin.example/b"));
    assertThat(next).isNotNull();
    next.end(200, -1, null);
    ServerStage.end(server, request, req, null);

    assertThat(clientSpans()).isEqualTo(2);
    assertThat(DownloadStage.active()).isFalse();
  }

  @Test
  void aKeyedDownloadContinuesOnAnotherThreadAndEndsOnce() throws Exception {
    Map<String, Object> req = TestTelemetry.request("GET", "/k");
    Object request = ServerStage.start(server, req);
    Object key = new Object();
    Download started = DownloadStage.enter(key, get("http://origin.example:8080/k.jpg"));
    Map<String, String> headers = started.traceHeaders();
    started.exit(null);
    assertThat(DownloadStage.active()).isFalse();

    AtomicReference<Download> continued = new AtomicReference<>();
    AtomicReference<Download> openThere = new AtomicReference<>();
    Thread dispatcher = new Thread(() -> {
      Download d = DownloadStage.enter(key, null);
      continued.set(d);
      openThere.set(DownloadStage.open(key));
      d.end(200, 12, null);
    });
    dispatcher.start();
    dispatcher.join(10_000);
    DownloadStage.complete(key, 500, -1, null);
    ServerStage.end(server, request, req, null);

    assertThat(continued.get()).isSameAs(started);
    assertThat(openThere.get()).isSameAs(started);
    assertThat(started.traceHeaders()).isSameAs(headers);
    assertThat(DownloadStage.open(key)).isNull();
    assertThat(DownloadStage.enter(key, null)).isNull();
    SpanData span = telemetry.span("GET");
    assertThat(headers.get("traceparent")).contains(span.getSpanId());
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.body.size"))).isEqualTo(12L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(8080L);
    assertThat(clientSpans()).isEqualTo(1);
  }

  @Test
  void aKeyedDownloadEndsByItsCompletionOrByACallThatThrew() {
    Map<String, Object> req = TestTelemetry.request("GET", "/c");
    Object request = ServerStage.start(server, req);
    Object answered = new Object();
    DownloadStage.enter(answered, get("http://origin.example/404")).exit(null);
    DownloadStage.complete(answered, 404, 3, null);
    Object failing = new Object();
    DownloadStage.enter(failing, get("http://origin.example/t")).exit(new java.net.SocketTimeoutException("connect timed out"));
    assertThat(DownloadStage.open(failing)).isNull();
    ServerStage.end(server, request, req, null);

    assertThat(telemetry.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .map(s -> s.getAttributes().get(AttributeKey.stringKey("error.type"))))
        .containsExactlyInAnyOrder("download", "timeout");
  }

  @Test
  void nothingStartsWithoutAURLOrAfterTheAgentIsOff() {
    Map<String, Object> req = TestTelemetry.request("GET", "/o");
    Object request = ServerStage.start(server, req);
    assertThat(DownloadStage.start(get(null))).isNull();
    assertThat(DownloadStage.start(null)).isNull();
    assertThat(DownloadStage.enter(null, get("http://origin.example/"))).isNull();
    assertThat(DownloadStage.open(new Object())).isNull();
    ServerStage.end(server, request, req, null);
    assertThat(clientSpans()).isZero();
  }
}
