package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.it.app.JdkServerHost;
import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 10,000 async requests at concurrency 50 on the JDK server host (the {@code chain} case:
 * {@code sendAsync}, a check, the pixels on a bounded pool, answered from the pool thread):
 * every request's trace is complete and its own, and the agent keeps nothing per request: the
 * instances of the agent's classes ({@code io.pixtrace.*} but the host's {@code io.pixtrace.it.*})
 * in a heap histogram taken after a full GC do not grow between request 2,000 and 10,000
 * (by more than 20 instances of a class: a per-request leak would add thousands).
 */
class SoakIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int WARM = 2_000;
  private static final int TOTAL = 10_000;
  private static final int CONCURRENCY = 50;
  /**
   * The gRPC exporter's HTTP/2 header compression table (OkHttp's HPACK entries and their
   * okio strings), which fills during the first exports up to its fixed 4 KiB: bounded, per
   * connection, not per request, so not counted.
   */
  private static final String[] HPACK_TABLE = {"io.pixtrace.shaded.okhttp3.internal.http2.Header", "io.pixtrace.shaded.okio."};

  @Test
  void tenThousandAsyncRequestsEachCompleteAndSeparateWithNoAgentGrowth() throws Exception {
    byte[] jpeg = Files.readAllBytes(Path.of(System.getProperty("avatar.images"), "alice.jpg"));
    com.sun.net.httpserver.HttpServer origin = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    origin.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, jpeg.length);
      exchange.getResponseBody().write(jpeg);
      exchange.close();
    });
    origin.setExecutor(Executors.newFixedThreadPool(8));
    origin.start();
    Map<String, String> env = new HashMap<>();
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      env.put("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint());
      env.put("IMGPROXY_OPEN_TELEMETRY_THROTTLE", "200ms");
      // The export queue is not what is soaked: room for every span of a burst.
      env.put("OTEL_BSP_MAX_QUEUE_SIZE", "50000");
      try (HostProcess host = HostProcess.start(HostProcess.currentJava(), env, List.of(
          "-javaagent:" + HostProcess.agentJar(), "-Xmx512m",
          "-Dimageapp.origin=http://127.0.0.1:" + origin.getAddress().getPort() + "/images/", "-Dimageapp.mode=async",
          "-cp", System.getProperty("it.classes", "target/test-classes"), JdkServerHost.class.getName()))) {
        String url = host.awaitStdout("server-host listening on (http://\\S+)", WAIT);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4)).build();
        send(client, url, 0, WARM);
        Map<String, Long> warm = agentInstances(host.pid());
        send(client, url, WARM, TOTAL);
        Map<String, Long> soaked = agentInstances(host.pid());

        List<ReceivedSpan> spans = otlp.awaitSpans(s -> s.size() >= TOTAL * 4, WAIT);
        Map<String, List<ReceivedSpan>> traces = spans.stream().collect(Collectors.groupingBy(ReceivedSpan::traceId));
        assertThat(traces).as("one trace per request").hasSize(TOTAL);
        Map<Object, Long> marks = spans.stream().filter(s -> s.kind() == Kind.SERVER)
            .collect(Collectors.groupingBy(s -> s.attribute("url.query"), Collectors.counting()));
        assertThat(marks).as("one SERVER span per request").hasSize(TOTAL).allSatisfy((m, n) -> assertThat(n).isEqualTo(1));
        for (List<ReceivedSpan> trace : traces.values()) {
          assertThat(trace.stream().map(ReceivedSpan::name).sorted().toList()).as("a whole trace")
              .containsExactly("GET", "GET /chain/", "processing_image", "queue");
          AbstractServerIT.allUnder(trace);
        }
        Map<String, Long> grown = new TreeMap<>();
        soaked.forEach((type, n) -> {
          long before = warm.getOrDefault(type, 0L);
          if (n > before + 20) {
            grown.put(type, n - before);
          }
        });
        assertThat(grown).as("agent classes with more live instances after %d requests than after %d (%s -> %s)",
            TOTAL, WARM, warm, soaked).isEmpty();
      }
    } finally {
      origin.stop(0);
    }
  }

  /** Sends requests {@code from} to {@code to} (exclusive), 50 in flight, and waits for every answer (all 200). */
  private static void send(HttpClient client, String url, int from, int to) throws Exception {
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    ConcurrentLinkedQueue<CompletableFuture<HttpResponse<Void>>> answers = new ConcurrentLinkedQueue<>();
    for (int i = from; i < to; i++) {
      inFlight.acquire();
      HttpRequest r = HttpRequest.newBuilder(URI.create(url + "/chain/alice.jpg?m=soak-" + i)).timeout(WAIT).build();
      answers.add(client.sendAsync(r, HttpResponse.BodyHandlers.discarding()).whenComplete((x, e) -> inFlight.release()));
    }
    for (CompletableFuture<HttpResponse<Void>> a : answers) {
      assertThat(a.get().statusCode()).isEqualTo(200);
    }
    Thread.sleep(500); // the last spans end and leave the export queue
  }

  /**
   * Live instances per agent class, from {@code jcmd <pid> GC.class_histogram} (which runs a
   * full GC first). The host's own {@code io.pixtrace.it.} classes are left out.
   */
  private static Map<String, Long> agentInstances(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    Map<String, Long> instances = new TreeMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      // "  num:   #instances   #bytes  class name (module)"
      if (f.length >= 4 && f[0].endsWith(":") && f[3].startsWith("io.pixtrace.") && !f[3].startsWith("io.pixtrace.it.")
          && !f[3].startsWith(HPACK_TABLE[0]) && !f[3].startsWith(HPACK_TABLE[1])) {
        instances.merge(f[3], Long.parseLong(f[1]), Long::sum);
      }
    }
    assertThat(instances).as("the histogram shows the agent's classes:\n%s", out).isNotEmpty();
    return instances;
  }
}
