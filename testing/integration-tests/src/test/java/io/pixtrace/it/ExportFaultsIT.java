package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedMetric;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The collector fails for 10 s in one of six ways and then works again on the same port, under
 * a steady load on the JDK 17 host (3 spans a request), over gRPC and OTLP/HTTP, with LOSSY true
 * and false (docs/configuration.md, LOSSY): {@code outage} (nothing listens: refused),
 * {@code closed} (it accepts and closes every connection at once), {@code blackhole} (it accepts
 * and never answers), {@code slow} (3 s per export), {@code 5xx} (gRPC UNAVAILABLE / HTTP 503),
 * {@code garbage} (it answers bytes that are not HTTP). What a user checks afterwards: every
 * request was answered within a bound (a request thread never waits more than the per-request
 * budget, here {@code THROTTLE=100ms}); the host ran in a 64 MB heap; and every span either
 * arrived or is counted in {@code pixtrace.export.dropped}, exactly. With LOSSY=false and room in
 * the queue none is lost; with a queue smaller than the outage (60 spans) the excess is counted
 * as {@code queue_full} and the rest arrives.
 */
class ExportFaultsIT {
  private static final String P = "IMGPROXY_OPEN_TELEMETRY_";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int SPANS_PER_REQUEST = 3;

  static Stream<Arguments> faults() {
    List<Arguments> cases = new ArrayList<>();
    for (String fault : List.of("outage", "closed", "blackhole", "slow", "5xx", "garbage")) {
      for (String protocol : List.of("grpc", "http")) {
        for (boolean lossy : new boolean[] {true, false}) {
          cases.add(Arguments.of(fault, protocol, lossy, "default"));
        }
      }
    }
    cases.add(Arguments.of("outage", "grpc", false, "60"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1}, LOSSY={2}, queue {3}")
  @MethodSource("faults")
  void faultAndBack(String fault, String protocol, boolean lossy, String queue) throws Exception {
    int grpcPort;
    int httpPort;
    try (OtlpReceiver probe = OtlpReceiver.start()) {
      grpcPort = probe.grpcPort();
      httpPort = probe.httpPort();
    }
    int port = protocol.equals("grpc") ? grpcPort : httpPort;
    OtlpReceiver before = OtlpReceiver.builder().grpcPort(grpcPort).httpPort(httpPort).start();
    OtlpReceiver after = null;
    Map<String, String> env = new HashMap<>();
    env.put(P + "ENDPOINT", "127.0.0.1:" + port);
    env.put(P + "PROTOCOL", protocol);
    env.put(P + "LOSSY", Boolean.toString(lossy));
    env.put(P + "THROTTLE", "100ms");
    env.put(P + "ENABLE_METRICS", "true");
    env.put(P + "CONNECTION_TIMEOUT", "1");
    env.put("OTEL_METRIC_EXPORT_INTERVAL", "1000");
    if (!queue.equals("default")) {
      env.put("OTEL_BSP_MAX_QUEUE_SIZE", queue);
      env.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "30");
    }
    try (RecordingOrigin origin = new RecordingOrigin();
        ExportHost host = ExportHost.start(origin.url(), env, List.of("-Xmx64m"))) {
      // The host's first request loads its classes (about a second): not part of the bound.
      assertThat(host.image("warm-up.png").statusCode()).isEqualTo(200);
      List<Long> latencies = new ArrayList<>();
      load(host, latencies, Duration.ofSeconds(2));
      before.awaitSpanCount(1, WAIT);
      switch (fault) {
        case "slow" -> before.setResponseDelay(Duration.ofSeconds(3));
        case "5xx" -> before.setFailing(true);
        default -> before.close();
      }
      try (FaultyCollector ignored = fault.equals("outage") || fault.equals("slow") || fault.equals("5xx") ? null
          : new FaultyCollector(port, fault)) {
        load(host, latencies, Duration.ofSeconds(10));
      }
      if (fault.equals("slow") || fault.equals("5xx")) {
        before.setResponseDelay(Duration.ZERO);
        before.setFailing(false);
        after = before;
      } else {
        after = OtlpReceiver.builder().grpcPort(grpcPort).httpPort(httpPort).start();
      }
      load(host, latencies, Duration.ofSeconds(2));
      int requests = latencies.size() + 1;
      int ended = requests * SPANS_PER_REQUEST;

      assertThat(latencies).as("every request answered within 1 s (ms)").allSatisfy(l -> assertThat(l).isLessThan(1000L));
      OtlpReceiver later = after;
      long[] dropped = new long[1];
      long deadline = System.nanoTime() + WAIT.toNanos();
      int delivered;
      while (true) {
        delivered = delivered(before, later);
        dropped[0] = dropped(later);
        if (delivered + dropped[0] == ended || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(200);
      }
      List<Long> sorted = latencies.stream().sorted().toList();
      System.out.printf("fault %s %s LOSSY=%s queue %s: %d requests, p50 %d ms, p99 %d ms, max %d ms; %d spans ended,"
          + " %d delivered, dropped %s%n", fault, protocol, lossy, queue, requests, sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() * 99 / 100), sorted.get(sorted.size() - 1), ended, delivered, droppedByReason(later));
      assertThat(delivered + dropped[0]).as("%s spans ended: %s delivered, %s counted as dropped (%s)", ended, delivered,
          dropped[0], droppedByReason(later)).isEqualTo(ended);
      if (!lossy && queue.equals("default")) {
        assertThat(dropped[0]).as("LOSSY=false with room in the queue loses nothing").isZero();
      }
      if (!queue.equals("default")) {
        assertThat(droppedByReason(later)).as("the queue (60) is smaller than the outage").containsKey("queue_full");
        assertThat(delivered).as("what the queue held arrived").isGreaterThanOrEqualTo(60);
      }
      assertThat(host.stderr()).doesNotContain("OutOfMemoryError");
    } finally {
      before.close();
      if (after != null && after != before) {
        after.close();
      }
    }
  }

  /** Sequential requests for {@code time}, a request every 50 ms; each must be a 200. */
  private static void load(ExportHost host, List<Long> latencies, Duration time) throws Exception {
    long end = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      HttpResponse<String> r = host.image("img" + latencies.size() + ".png");
      assertThat(r.statusCode()).isEqualTo(200);
      latencies.add((System.nanoTime() - start) / 1_000_000);
      Thread.sleep(50);
    }
  }

  /**
   * A collector that has gone wrong, on {@code port} until closed: {@code closed} accepts and
   * closes each connection, {@code blackhole} accepts and never answers, {@code garbage} answers
   * each connection with bytes that are neither HTTP/1.1 nor HTTP/2.
   */
  private static final class FaultyCollector implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FaultyCollector(int port, String fault) throws IOException {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            switch (fault) {
              case "closed" -> s.close();
              case "garbage" -> {
                s.getOutputStream().write("\u0000\u0007 not a collector \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                s.close();
              }
              default -> held.add(s);
            }
          } catch (IOException e) {
            // closed
          }
        }
      }, "faulty-collector");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    @Override
    public void close() throws Exception {
      server.close();
      for (Socket s : held) {
        s.close();
      }
      acceptor.join(5000);
    }
  }

  private static int delivered(OtlpReceiver before, OtlpReceiver after) {
    Set<String> ids = before.spans().stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    after.spans().forEach(s -> ids.add(s.spanId()));
    return ids.size();
  }

  private static long dropped(OtlpReceiver otlp) {
    return droppedByReason(otlp).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The latest {@code pixtrace.export.dropped{signal=traces}} per {@code error.type}, non-zero ones. */
  private static Map<String, Long> droppedByReason(OtlpReceiver otlp) {
    Map<String, Long> out = new HashMap<>();
    for (String reason : List.of("queue_full", "export_failed", "shutdown")) {
      otlp.latest("pixtrace.export.dropped", Map.of("signal", "traces", "error.type", reason))
          .map(ReceivedMetric::longValue).filter(n -> n > 0).ifPresent(n -> out.put(reason, n));
    }
    return out;
  }
}
