package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import io.pixtrace.testing.otlp.Signal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shape of the telemetry, on the JDK 17 host: resource attributes, skipped paths, layers
 * switched off one by one, traces off with metrics on, and the master switches (off means no
 * spans, no metrics and no exporter threads).
 */
class ShapeIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static HostProcess host(OtlpReceiver otlp, TestOrigin origin, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("UPSTREAM", origin.url());
    env.put("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint());
    env.put("IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true");
    env.put("OTEL_METRIC_EXPORT_INTERVAL", "300");
    env.putAll(extra);
    return Jdk17HostIT.start(env);
  }

  @Test
  void resourceAttributesFromEveryGeneration() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess h = host(otlp, origin, Map.of(
            "IMGPROXY_OPEN_TELEMETRY_SERVICE_NAME", "thumbs",
            "IMGPROXY_OPEN_TELEMETRY_SERVICE_VERSION", "2.0-dev",
            "IMGPROXY_OPEN_TELEMETRY_ENVIRONMENT", "development",
            "IMGPROXY_OPEN_TELEMETRY_RESOURCE_ATTRIBUTES", "team=images,region=eu",
            "OTEL_RESOURCE_ATTRIBUTES", "cluster=blue,region=us",
            "HOSTNAME", "dev-instance-01"))) {
      String url = h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      assertThat(Jdk17HostIT.get(url + "/img/" + TestOrigin.ALICE)).startsWith("200 ");
      ReceivedSpan server = otlp.awaitSpan(s -> s.kind() == Kind.SERVER, WAIT);
      assertThat(server.resourceAttributes())
          .containsEntry("service.name", "thumbs")
          .containsEntry("service.version", "2.0-dev")
          .containsEntry("deployment.environment.name", "development")
          .containsEntry("service.instance.id", "dev-instance-01")
          .containsEntry("team", "images")
          .containsEntry("cluster", "blue")
          .as("IMGPROXY_* resource attributes win over OTEL_RESOURCE_ATTRIBUTES").containsEntry("region", "eu");
      assertThat(otlp.awaitMetric("requests_total", WAIT).resourceAttributes()).containsEntry("service.name", "thumbs");
    }
  }

  /**
   * The headers that drive an image's cost, from the allowlist only: a header the request lacks
   * adds nothing, one not listed is not recorded, and the OpenTelemetry Java agent's variable
   * name works too; by default none is recorded.
   */
  @Test
  void requestHeadersFromTheAllowlistOnly() throws Exception {
    String[] headers = {"Accept", "image/avif,image/webp,*/*", "Save-Data", "on", "DPR", "2",
        "Viewport-Width", "412", "X-Request-ID", "req-42", "Cookie", "session=secret"};
    Map<String, Map<String, String>> runs = new java.util.LinkedHashMap<>();
    runs.put("imgproxy name", Map.of("IMGPROXY_OPEN_TELEMETRY_CAPTURE_REQUEST_HEADERS",
        "Accept, Save-Data,DPR,Width,Viewport-Width,X-Request-ID"));
    runs.put("OpenTelemetry agent name", Map.of("OTEL_INSTRUMENTATION_HTTP_SERVER_CAPTURE_REQUEST_HEADERS",
        "accept,save-data,dpr,width,viewport-width,x-request-id"));
    runs.put("default", Map.of());
    for (Map.Entry<String, Map<String, String>> run : runs.entrySet()) {
      try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
          HostProcess h = host(otlp, origin, run.getValue())) {
        String url = h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
        HttpResponse<String> r = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/img/" + TestOrigin.ALICE))
            .headers(headers).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> attributes = otlp.awaitSpan(s -> s.kind() == Kind.SERVER, WAIT).attributes();
        Map<String, Object> captured = new java.util.TreeMap<>();
        attributes.forEach((k, v) -> {
          if (k.startsWith("http.request.header.")) {
            captured.put(k, v);
          }
        });
        if (run.getValue().isEmpty()) {
          assertThat(captured).as(run.getKey()).isEmpty();
        } else {
          assertThat(captured).as(run.getKey()).containsExactlyInAnyOrderEntriesOf(Map.of(
              "http.request.header.accept", List.of("image/avif,image/webp,*/*"),
              "http.request.header.save-data", List.of("on"),
              "http.request.header.dpr", List.of("2"),
              "http.request.header.viewport-width", List.of("412"),
              "http.request.header.x-request-id", List.of("req-42")));
        }
      }
    }
  }

  @Test
  void skippedPathsHaveNoSpanAndNoMetric() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess h = host(otlp, origin, Map.of("IMGPROXY_OPEN_TELEMETRY_SKIP_PATHS", "/health,/img/" + TestOrigin.BOB.substring(0, 8) + "*"))) {
      String url = h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      assertThat(Jdk17HostIT.get(url + "/img/" + TestOrigin.BOB)).startsWith("200 ");
      assertThat(Jdk17HostIT.get(url + "/img/" + TestOrigin.ALICE)).startsWith("200 ");
      // ALICE's request came after BOB's: once its SERVER span is in, so is every span the host
      // ended before it (a batch processor exports spans in the order they end).
      otlp.awaitSpan(s -> s.kind() == Kind.SERVER && ("/img/" + TestOrigin.ALICE).equals(s.attributes().get("url.path")), WAIT);
      otlp.awaitMetric("requests_total", m -> m.longValue() == 1, WAIT);
      // The second metric export from here was collected after both requests were counted.
      otlp.awaitMoreRequests(Signal.METRICS, 2, WAIT);
      assertThat(otlp.spans()).as(otlp.dumpSpans())
          .noneMatch(s -> String.valueOf(s.attributes().get("url.path")).contains(TestOrigin.BOB)
              || String.valueOf(s.attributes().get("url.full")).contains(TestOrigin.BOB));
      assertThat(otlp.latest("requests_total").orElseThrow().longValue()).isEqualTo(1);
    }
  }

  @Test
  void layersSwitchOffIndependently() throws Exception {
    Map<String, List<String>> expectations = Map.of(
        "queue", List.of("SERVER", "CLIENT"),
        "download", List.of("SERVER", "queue"),
        "queue,download", List.of("SERVER"));
    for (Map.Entry<String, List<String>> e : expectations.entrySet()) {
      try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
          HostProcess h = host(otlp, origin, Map.of("IMGPROXY_OPEN_TELEMETRY_DISABLE", e.getKey()))) {
        String url = h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
        assertThat(Jdk17HostIT.get(url + "/img/" + TestOrigin.CAROL)).startsWith("200 ");
        otlp.awaitSpan(s -> s.kind() == Kind.SERVER, WAIT);
        h.flush(); // every span the host made has arrived
        List<String> shape = otlp.spans().stream()
            .map(s -> s.kind() == Kind.INTERNAL ? s.name() : s.kind().name()).sorted().toList();
        assertThat(shape).as("DISABLE=%s", e.getKey())
            .containsExactlyInAnyOrderElementsOf(e.getValue());
      }
    }
  }

  @Test
  void tracesOffMetricsOn() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess h = host(otlp, origin, Map.of("IMGPROXY_OPEN_TELEMETRY_ENABLE_TRACES", "false"))) {
      String url = h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      assertThat(Jdk17HostIT.get(url + "/img/" + TestOrigin.ALICE)).startsWith("200 ");
      otlp.awaitMetric("requests_total", m -> m.longValue() == 1, WAIT);
      otlp.awaitMetric("request_span_duration_seconds", m -> "downloading_image".equals(m.attributes().get("span")), WAIT);
      otlp.awaitMetric("jvm.memory.used", WAIT);
      // The request is done and counted; stopping the host flushes whatever its SDK holds, so a
      // span that was made (in a batch processor waiting for its delay) has arrived by now.
      h.flush();
      assertThat(otlp.spans()).isEmpty();
    }
  }

  @Test
  void runtimeMetricsCanBeSwitchedOff() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess h = host(otlp, origin, Map.of("IMGPROXY_OPEN_TELEMETRY_DISABLE", "runtime-metrics"))) {
      String url = h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      assertThat(Jdk17HostIT.get(url + "/img/" + TestOrigin.ALICE)).startsWith("200 ");
      otlp.awaitMetric("requests_total", m -> m.longValue() == 1, WAIT);
      assertThat(otlp.metricNames()).noneMatch(n -> n.startsWith("jvm."));
    }
  }

  @Test
  void masterSwitchesMeanNoSpansNoMetricsNoExporterThreads() throws Exception {
    // Control: with telemetry on, the exporter threads are there under these names.
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess h = host(otlp, origin, Map.of())) {
      h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
      assertThat(threadDump(h)).contains("BatchSpanProcessor").contains("PeriodicMetricReader");
    }
    for (Map.Entry<String, String> off : Map.of("OTEL_SDK_DISABLED", "true", "OTEL_ENABLED", "false",
        "OTEL_EXPORT_ENABLED", "false").entrySet()) {
      try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
          HostProcess h = host(otlp, origin, Map.of(off.getKey(), off.getValue()))) {
        String url = h.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
        assertThat(Jdk17HostIT.get(url + "/img/" + TestOrigin.ALICE)).startsWith("200 ");
        String threads = threadDump(h);
        h.flush(); // had an SDK been built, it would have exported what it made at exit
        assertThat(otlp.spans()).isEmpty();
        assertThat(otlp.metrics()).isEmpty();
        assertThat(String.join("\n", h.stderr())).contains("telemetry is off: " + off.getKey() + "=" + off.getValue());
        assertThat(threads).as(off.getKey())
            .contains("HTTP-Dispatcher")
            .doesNotContain("BatchSpanProcessor").doesNotContain("PeriodicMetricReader").doesNotContain("OkHttp");
      }
    }
  }

  /** The host's thread names, through JDK 17's jcmd. */
  private static String threadDump(HostProcess h) throws IOException, InterruptedException {
    Path jcmd = HostProcess.java17().resolveSibling("jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(h.pid()), "Thread.print").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertThat(out).as("jcmd output").contains("Full thread dump");
    return out;
  }
}
