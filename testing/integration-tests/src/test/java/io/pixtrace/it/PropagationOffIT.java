package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * By default (imgproxy 4.x: {@code IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL=false}) trace
 * ids do not leak to image origins: the download is traced, but no trace header is sent.
 */
class PropagationOffIT {
  @Test
  void originsGetNoTraceHeadersUnlessAsked() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", "tracecontext,baggage,b3multi"))) {
      assertThat(host.get("/avatar/" + TestOrigin.ALICE, "traceparent",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "baggage", "user=alice").statusCode())
          .isEqualTo(200);
      otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.CLIENT, Duration.ofSeconds(30));
      assertThat(origin.received()).hasSize(1);
      assertThat(origin.received().get(0)).isEmpty();
    }
  }
}
