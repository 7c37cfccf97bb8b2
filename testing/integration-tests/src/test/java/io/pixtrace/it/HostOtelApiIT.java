package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.it.otelapi.OtelApiHost;
import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host's own OpenTelemetry API sees the agent's trace, for an early and a recent API 1.x on
 * the host's class path and JDK 17, 21 and 25 ({@link OtelApiHost}): {@code Span.current()} is the SERVER span,
 * spans of the host's tracers join the request and are exported by the agent with the
 * host's scope, {@code GlobalOpenTelemetry}'s propagators write the agent's context, and an SDK
 * the host builds itself keeps exporting to its own exporter only.
 */
class HostOtelApiIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @ParameterizedTest(name = "API {0} on JDK {1}")
  @CsvSource({"1.58.0, 17", "1.68.0, 21", "1.68.0, 25"})
  void theHostApiSeesAndMakesTheAgentsSpans(String apiVersion, int jdk) throws Exception {
    Path java = jdk == 17 ? HostProcess.java17() : jdk == 21 ? HostProcess.java21() : HostProcess.currentJava();
    List<String> cp = new ArrayList<>(List.of(Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString()));
    cp.addAll(ServletServerIT.copiedJars("otel-api-" + apiVersion));
    try (TestOrigin origin = new TestOrigin(); OtlpReceiver otlp = OtlpReceiver.start();
        HostProcess host = HostProcess.start(java,
            Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(), "IMGPROXY_OPEN_TELEMETRY_THROTTLE", "100ms"),
            List.of("-javaagent:" + HostProcess.agentJar(), "-cp", String.join(File.pathSeparator, cp),
                OtelApiHost.class.getName(), origin.url() + "/" + TestOrigin.ALICE))) {
      String url = host.awaitStdout("otel-api-host listening on (\\S+)", WAIT);

      String seenTrace = get(url + "/current");
      ReceivedSpan current = otlp.awaitSpan(s -> "/current".equals(s.attribute("url.path")), WAIT);
      assertThat(seenTrace).as("Span.current() in host code is the request's span").isEqualTo(current.traceId());
      assertThat(current.attributes()).containsEntry("host.attribute", "set by the host");
      assertThat(current.event("host event")).isPresent();

      assertThat(get(url + "/tracer")).isEqualTo("origin 200");
      otlp.awaitSpans(Spans.traceComplete("/tracer", 3), WAIT);
      List<ReceivedSpan> trace = Spans.traceOf(otlp.spans(), "/tracer");
      assertThat(trace).hasSize(3);
      ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
      ReceivedSpan work = Spans.named(trace, "host-work");
      ReceivedSpan download = Spans.ofKind(trace, Kind.CLIENT);
      assertThat(work.parentSpanId()).as("the host's span is a child of the request").isEqualTo(server.spanId());
      assertThat(download.parentSpanId()).as("the download inside it is its child").isEqualTo(work.spanId());
      assertThat(work.scopeName()).isEqualTo("host-code");
      assertThat(work.scopeVersion()).isEqualTo("1.0");
      assertThat(work.attributes()).containsEntry("host.count", 3L);

      String injected = get(url + "/inject");
      ReceivedSpan inject = otlp.awaitSpan(s -> "/inject".equals(s.attribute("url.path")), WAIT);
      assertThat(injected).as("GlobalOpenTelemetry's propagators write the agent's context")
          .contains("traceparent=00-" + inject.traceId() + "-" + inject.spanId() + "-");

      assertThat(get(url + "/own-sdk")).isEqualTo("own");
      String exported = host.awaitStdout("(own-sdk exported own-work \\S+ \\S+)", WAIT);
      ReceivedSpan own = otlp.awaitSpan(s -> "/own-sdk".equals(s.attribute("url.path")), WAIT);
      assertThat(exported).as("the host's own SDK exports its span, as a child of the request's span")
          .isEqualTo("own-sdk exported own-work " + own.traceId() + " " + own.spanId());
      host.flush();
      assertThat(otlp.spans()).as("the agent does not export the host SDK's span").noneMatch(s -> s.name().equals("own-work"));
    }
  }

  /** {@code IMGPROXY_OPEN_TELEMETRY_DISABLE=host-api}: the host's API keeps its own, empty, context. */
  @org.junit.jupiter.api.Test
  void switchedOffTheHostApiSeesNothingOfTheAgent() throws Exception {
    List<String> cp = new ArrayList<>(List.of(Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString()));
    cp.addAll(ServletServerIT.copiedJars("otel-api-1.68.0"));
    try (TestOrigin origin = new TestOrigin(); OtlpReceiver otlp = OtlpReceiver.start();
        HostProcess host = HostProcess.start(HostProcess.currentJava(),
            Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(), "IMGPROXY_OPEN_TELEMETRY_THROTTLE", "100ms",
                "IMGPROXY_OPEN_TELEMETRY_DISABLE", "host-api"),
            List.of("-javaagent:" + HostProcess.agentJar(), "-cp", String.join(File.pathSeparator, cp),
                OtelApiHost.class.getName(), origin.url() + "/" + TestOrigin.ALICE))) {
      String url = host.awaitStdout("otel-api-host listening on (\\S+)", WAIT);
      assertThat(get(url + "/current")).isEqualTo("00000000000000000000000000000000");
      ReceivedSpan current = otlp.awaitSpan(s -> "/current".equals(s.attribute("url.path")), WAIT);
      assertThat(current.attributes()).doesNotContainKey("host.attribute");
    }
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
