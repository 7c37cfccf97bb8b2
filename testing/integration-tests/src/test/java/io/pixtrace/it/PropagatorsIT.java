package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of imgproxy's seven propagators, alone in {@code IMGPROXY_OPEN_TELEMETRY_PROPAGATORS},
 * with {@code PROPAGATE_EXTERNAL=true}: the host joins the trace of an incoming request that
 * carries that propagator's headers (the server span has the caller's trace id and parent),
 * and the image download carries that propagator's headers, and no other's, naming the
 * download's own span.
 */
class PropagatorsIT {
  private static final Duration WAIT = ExportHost.WAIT;
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  /** Every header any of the propagators reads or writes (lower case). */
  private static final Set<String> ALL_HEADERS = Set.of("traceparent", "tracestate", "baggage", "b3", "x-b3-traceid",
      "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "uber-trace-id", "x-amzn-trace-id",
      "ot-tracer-traceid", "ot-tracer-spanid", "ot-tracer-sampled");

  /**
   * One propagator: the incoming headers, the trace id and parent the server span must have
   * ({@code null} parent: a new trace), and the outgoing headers expected for (trace id,
   * download span id).
   */
  record Case(String propagator, List<String> incoming, String traceId, String parent,
      BiFunction<String, String, Map<String, String>> outgoing) {
    @Override
    public String toString() {
      return propagator;
    }
  }

  static Stream<Case> propagators() {
    return Stream.of(
        new Case("tracecontext", List.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01"), TRACE, SPAN,
            (t, s) -> Map.of("traceparent", "00-" + t + "-" + s + "-01")),
        new Case("baggage", List.of("baggage", "user=alice,tenant=7"), null, null,
            (t, s) -> Map.of("baggage", "tenant=7,user=alice")),
        new Case("b3", List.of("b3", TRACE + "-" + SPAN + "-1"), TRACE, SPAN,
            (t, s) -> Map.of("b3", t + "-" + s + "-1")),
        new Case("b3multi", List.of("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Sampled", "1"), TRACE, SPAN,
            (t, s) -> Map.of("x-b3-traceid", t, "x-b3-spanid", s, "x-b3-sampled", "1")),
        new Case("jaeger", List.of("uber-trace-id", TRACE + ":" + SPAN + ":0:1"), TRACE, SPAN,
            (t, s) -> Map.of("uber-trace-id", t + ":" + s + ":0:1")),
        new Case("xray", List.of("X-Amzn-Trace-Id",
            "Root=1-" + TRACE.substring(0, 8) + "-" + TRACE.substring(8) + ";Parent=" + SPAN + ";Sampled=1"), TRACE, SPAN,
            (t, s) -> Map.of("x-amzn-trace-id", "Root=1-" + t.substring(0, 8) + "-" + t.substring(8) + ";Parent=" + s + ";Sampled=1")),
        // OpenTracing's basic tracers send 64-bit trace ids; OpenTelemetry pads them to 128 bits
        // and sends the low 64 bits back.
        new Case("ottrace", List.of("ot-tracer-traceid", TRACE.substring(16), "ot-tracer-spanid", SPAN, "ot-tracer-sampled", "true"),
            "0000000000000000" + TRACE.substring(16), SPAN,
            (t, s) -> Map.of("ot-tracer-traceid", t.substring(16), "ot-tracer-spanid", s, "ot-tracer-sampled", "true")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagators")
  void extractsAndInjects(Case c) throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_THROTTLE", "100ms",
            "IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", c.propagator(),
            "IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL", "true"))) {
      assertThat(host.image("a.png", c.incoming().toArray(String[]::new)).statusCode()).isEqualTo(200);

      List<ReceivedSpan> spans = otlp.awaitSpans(l -> l.stream().anyMatch(s -> s.kind() == ReceivedSpan.Kind.SERVER)
          && l.stream().anyMatch(s -> s.kind() == ReceivedSpan.Kind.CLIENT), WAIT);
      ReceivedSpan server = Spans.ofKind(spans, ReceivedSpan.Kind.SERVER);
      ReceivedSpan download = Spans.ofKind(spans, ReceivedSpan.Kind.CLIENT);
      if (c.traceId() != null) {
        assertThat(server.traceId()).as("the server span joins the caller's trace").isEqualTo(c.traceId());
        assertThat(server.parentSpanId()).as("the caller's span is the server span's parent").isEqualTo(c.parent());
      } else {
        assertThat(server.traceId()).isNotEqualTo(TRACE);
        assertThat(server.parentSpanId()).as("baggage alone starts a new trace").isEmpty();
      }
      assertThat(download.traceId()).isEqualTo(server.traceId());

      Map<String, String> sent = origin.awaitRequest(1, WAIT);
      Map<String, String> traceHeaders = sent.entrySet().stream().filter(e -> ALL_HEADERS.contains(e.getKey()))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
      Map<String, String> expected = c.outgoing().apply(server.traceId(), download.spanId());
      if (c.propagator().equals("baggage")) {
        // The order of baggage entries is the propagator's; compare them as a set.
        assertThat(traceHeaders).containsOnlyKeys("baggage");
        assertThat(Arrays.stream(traceHeaders.get("baggage").split(",")).map(String::trim))
            .containsExactlyInAnyOrder("user=alice", "tenant=7");
      } else {
        assertThat(traceHeaders).as("the download's trace headers").isEqualTo(new TreeMap<>(expected));
      }
    }
  }
}
