package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The queue stage beyond {@code ThreadPoolExecutor}, on a real JVM with the agent
 * ({@link QueueHost}): virtual threads, {@code ForkJoinPool}, the {@code CompletableFuture}
 * default async pool, a scheduled executor and a {@code Semaphore} carry the request's
 * context; {@code queue} spans only where a task really waited; {@code @WithSpan} methods
 * make spans in the request's trace; and 10,000 tasks from 50 concurrent requests never put
 * a span into another request's trace, nor leave a context on a pool thread.
 */
class QueueIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  static HostProcess start(Path java, OtlpReceiver otlp, TestOrigin origin) throws Exception {
    return HostProcess.start(java, Map.of(
        "UPSTREAM", origin.url(),
        "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
        "OTEL_METRIC_EXPORT_INTERVAL", "300",
        // the leak test makes some 13,000 spans: none may be dropped
        "OTEL_BSP_MAX_QUEUE_SIZE", "40000",
        "IMGPROXY_OPEN_TELEMETRY_LOSSY", "false"),
        List.of("-javaagent:" + HostProcess.agentJar(), "-cp", System.getProperty("java.class.path"),
            QueueHost.class.getName()));
  }

  @Test
  void everyKindOfWorkerOnJava25() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess host = start(HostProcess.currentJava(), otlp, origin)) {
      String url = host.awaitStdout("queue-host listening on (\\S+)", WAIT);

      // Virtual threads: a thread of their own, so context and no queue span.
      assertThat(Jdk17HostIT.get(url + "/vt/" + TestOrigin.ALICE)).isEqualTo("200 200 200");
      List<ReceivedSpan> vt = trace(otlp, "/vt/" + TestOrigin.ALICE, 3);
      ReceivedSpan vtServer = Spans.ofKind(vt, Kind.SERVER);
      assertThat(vt).as(otlp.dumpSpans()).hasSize(3).noneMatch(s -> s.name().equals("queue"));
      assertThat(vt.stream().filter(s -> s.kind() == Kind.CLIENT)).hasSize(2).allSatisfy(c -> Spans.nested(c, vtServer));

      forkJoinScheduledAndCompletableFutures(otlp, url);
      annotatedMethods(otlp, url);
      semaphore(otlp, origin, url);
      queueMetricMatchesQueueSpans(otlp);

      leaks(otlp, url, 50);
      assertThat(host.stderr()).noneMatch(l -> l.contains("ERROR"));
    }
  }

  @Test
  void theSameOnJava17() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin();
        HostProcess host = start(HostProcess.java17(), otlp, origin)) {
      String url = host.awaitStdout("queue-host listening on (\\S+)", WAIT);
      forkJoinScheduledAndCompletableFutures(otlp, url);
      annotatedMethods(otlp, url);
      semaphore(otlp, origin, url);
      queueMetricMatchesQueueSpans(otlp);
      leaks(otlp, url, 10);
      assertThat(host.stderr()).noneMatch(l -> l.contains("ERROR"));
    }
  }

  /** The answers the tests above expect, from the same host without the agent. */
  @Test
  void theAnswersAreTheSameWithoutTheAgent() throws Exception {
    try (TestOrigin origin = new TestOrigin();
        HostProcess host = HostProcess.start(HostProcess.currentJava(), Map.of("UPSTREAM", origin.url()),
            List.of("-cp", System.getProperty("java.class.path"), QueueHost.class.getName()))) {
      String url = host.awaitStdout("queue-host listening on (\\S+)", WAIT);
      assertThat(Jdk17HostIT.get(url + "/vt/" + TestOrigin.ALICE)).isEqualTo("200 200 200");
      assertThat(Jdk17HostIT.get(url + "/fj/" + TestOrigin.ALICE)).isEqualTo("200 200 200");
      assertThat(Jdk17HostIT.get(url + "/scheduled/" + TestOrigin.BOB)).isEqualTo("200 200");
      assertThat(Jdk17HostIT.get(url + "/cf/" + TestOrigin.CAROL)).isEqualTo("200 200 200");
      assertThat(Jdk17HostIT.get(url + "/annotated/" + TestOrigin.ALICE)).isEqualTo("200 203");
      assertThat(Jdk17HostIT.get(url + "/sem/" + TestOrigin.ALICE)).isEqualTo("200 200");
      assertThat(Jdk17HostIT.get(url + "/semtry/" + TestOrigin.ALICE)).isEqualTo("200 200");
      assertThat(Jdk17HostIT.get(url + "/leak/r0")).isEqualTo("200 200");
      assertThat(host.stderr()).isEmpty();
    }
  }

  private static void forkJoinScheduledAndCompletableFutures(OtlpReceiver otlp, String url) throws Exception {
    // ForkJoinPool: a Callable and a ForkJoinTask wait >= 20 ms behind the pool's busy worker.
    assertThat(Jdk17HostIT.get(url + "/fj/" + TestOrigin.ALICE)).isEqualTo("200 200 200");
    List<ReceivedSpan> fj = trace(otlp, "/fj/" + TestOrigin.ALICE, 5);
    assertThat(fj).as(otlp.dumpSpans()).hasSize(5);
    ReceivedSpan fjServer = Spans.ofKind(fj, Kind.SERVER);
    assertThat(fj.stream().filter(s -> s.name().equals("queue"))).hasSize(2).allSatisfy(q -> {
      Spans.nested(q, fjServer);
      assertThat(q.attributes()).containsEntry("pixtrace.queue.executor", "java.util.concurrent.ForkJoinPool");
      assertThat(q.durationNanos()).isGreaterThanOrEqualTo(20_000_000L);
    });
    assertThat(fj.stream().filter(s -> s.kind() == Kind.CLIENT)).hasSize(2).allSatisfy(c -> Spans.nested(c, fjServer));

    // Scheduled: due after 10 ms, started >= 30 ms late; the delay itself is not queue time.
    assertThat(Jdk17HostIT.get(url + "/scheduled/" + TestOrigin.BOB)).isEqualTo("200 200");
    List<ReceivedSpan> sc = trace(otlp, "/scheduled/" + TestOrigin.BOB, 3);
    assertThat(sc).as(otlp.dumpSpans()).hasSize(3);
    ReceivedSpan scServer = Spans.ofKind(sc, Kind.SERVER);
    ReceivedSpan scQueue = Spans.named(sc, "queue");
    Spans.nested(scQueue, scServer);
    Spans.nested(Spans.ofKind(sc, Kind.CLIENT), scServer);
    assertThat(scQueue.attributes())
        .containsEntry("pixtrace.queue.executor", "java.util.concurrent.ScheduledThreadPoolExecutor");
    assertThat(scQueue.durationNanos()).isGreaterThanOrEqualTo(30_000_000L);
    assertThat(scQueue.startEpochNanos() - scServer.startEpochNanos()).isGreaterThanOrEqualTo(10_000_000L);

    // CompletableFuture: the default async pool and an explicit ThreadPoolExecutor.
    assertThat(Jdk17HostIT.get(url + "/cf/" + TestOrigin.CAROL)).isEqualTo("200 200 200");
    List<ReceivedSpan> cf = trace(otlp, "/cf/" + TestOrigin.CAROL, 4);
    ReceivedSpan cfServer = Spans.ofKind(cf, Kind.SERVER);
    assertThat(cf.stream().filter(s -> s.kind() == Kind.CLIENT)).hasSize(2).allSatisfy(c -> Spans.nested(c, cfServer));
    List<ReceivedSpan> cfQueues = cf.stream().filter(s -> s.name().equals("queue")).toList();
    assertThat(cfQueues).allSatisfy(q -> Spans.nested(q, cfServer));
    assertThat(cfQueues.stream().filter(q -> q.attributes().get("pixtrace.queue.executor")
        .equals("java.util.concurrent.ThreadPoolExecutor"))).as("the bounded pool's hand-off").hasSize(1);
  }

  private static void annotatedMethods(OtlpReceiver otlp, String url) throws Exception {
    String path = "/annotated/" + TestOrigin.ALICE;
    assertThat(Jdk17HostIT.get(url + path)).isEqualTo("200 203");
    List<ReceivedSpan> trace = trace(otlp, path, 5);
    assertThat(trace).as(otlp.dumpSpans()).hasSize(5);
    ReceivedSpan server = Spans.ofKind(trace, Kind.SERVER);
    ReceivedSpan validate = Spans.named(trace, "avatar.validate");
    ReceivedSpan generate = Spans.named(trace, "avatar.generate_png");
    ReceivedSpan checksum = Spans.named(trace, "QueueHost$Images.checksum");
    Spans.nested(validate, server);
    Spans.nested(generate, server);
    Spans.nested(Spans.ofKind(trace, Kind.CLIENT), generate);
    Spans.nested(checksum, generate);
    assertThat(validate.kind()).isEqualTo(Kind.PRODUCER);
    assertThat(validate.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(validate.attributes()).containsEntry("avatar.hash", TestOrigin.ALICE + "-not-a-hash");
    assertThat(validate.event("exception").orElseThrow().attributes())
        .containsEntry("exception.type", "java.lang.IllegalArgumentException");
    assertThat(generate.kind()).isEqualTo(Kind.INTERNAL);
    assertThat(generate.statusCode()).isNotEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(generate.attributes()).containsEntry("avatar.hash", TestOrigin.ALICE).containsEntry("avatar.size", 80L);
    assertThat(checksum.kind()).isEqualTo(Kind.INTERNAL);
  }

  private static void semaphore(OtlpReceiver otlp, TestOrigin origin, String url) throws Exception {
    // The first request holds the only permit (its download is held by the origin) ...
    CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> get(url + "/sem/" + TestOrigin.HOLD));
    origin.awaitHolding();
    // ... the second blocks in acquire() ...
    CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> get(url + "/sem/" + TestOrigin.ALICE));
    while (!Jdk17HostIT.get(url + "/semwaiting/x").equals("200 1")) {
      Thread.sleep(10);
    }
    // ... and a third gives up after tryAcquire's 100 ms.
    assertThat(Jdk17HostIT.get(url + "/semtry/" + TestOrigin.BOB)).isEqualTo("503 no slot");
    origin.releaseHeld();
    assertThat(holder.get()).isEqualTo("200 200");
    assertThat(waiter.get()).isEqualTo("200 200");

    List<ReceivedSpan> held = trace(otlp, "/sem/" + TestOrigin.HOLD, 2);
    assertThat(held).as("an immediately granted permit makes no span").hasSize(2)
        .noneMatch(s -> s.name().equals("queue"));
    List<ReceivedSpan> waited = trace(otlp, "/sem/" + TestOrigin.ALICE, 3);
    assertThat(waited).hasSize(3);
    ReceivedSpan waitedServer = Spans.ofKind(waited, Kind.SERVER);
    ReceivedSpan queue = Spans.named(waited, "queue");
    Spans.nested(queue, waitedServer);
    assertThat(queue.attributes()).containsEntry("pixtrace.queue.executor", "java.util.concurrent.Semaphore");
    assertThat(queue.statusCode()).isNotEqualTo(ReceivedSpan.StatusCode.ERROR);
    ReceivedSpan client = Spans.ofKind(waited, Kind.CLIENT);
    assertThat(client.startEpochNanos()).as("the download starts after the wait").isGreaterThanOrEqualTo(queue.endEpochNanos());

    List<ReceivedSpan> gaveUp = trace(otlp, "/semtry/" + TestOrigin.BOB, 2);
    assertThat(gaveUp).hasSize(2);
    ReceivedSpan timedOut = Spans.named(gaveUp, "queue");
    Spans.nested(timedOut, Spans.ofKind(gaveUp, Kind.SERVER));
    assertThat(timedOut.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(timedOut.attributes()).containsEntry("error.type", "queue");
    assertThat(timedOut.durationNanos()).isGreaterThanOrEqualTo(100_000_000L);
  }

  /** Every queue span is one sample of request_span_duration_seconds{span="queue"}. */
  private static void queueMetricMatchesQueueSpans(OtlpReceiver otlp) throws Exception {
    otlp.awaitMetric("request_span_duration_seconds", m -> "queue".equals(m.attributes().get("span"))
        && m.count() == otlp.spans().stream().filter(s -> s.name().equals("queue")).count(), WAIT);
  }

  /**
   * {@code requests} concurrent requests of 200 tasks each, over every kind of pool; then a
   * periodic task that outlives its request, and 700 tasks handed off with no context at all.
   */
  private static void leaks(OtlpReceiver otlp, String url, int requests) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String id = "r" + i;
      answers.add(clients.submit(() -> Jdk17HostIT.get(url + "/leak/" + id)));
    }
    for (Future<String> a : answers) {
      assertThat(a.get()).isEqualTo("200 200");
    }
    clients.shutdown();
    assertThat(Jdk17HostIT.get(url + "/periodic/p")).isEqualTo("200 started");
    assertThat(Jdk17HostIT.get(url + "/background/x")).isEqualTo("200 700");

    int tasks = requests * 200;
    List<ReceivedSpan> spans = otlp.awaitSpans(all -> all.stream()
        .filter(s -> s.name().equals("leak.task") && !"p".equals(s.attributes().get("leak.request"))).count() >= tasks
        && all.stream().anyMatch(s -> "/background/x".equals(s.attributes().get("url.path"))), WAIT);
    // Whatever else the host made before this has been exported too.
    String marker = Spans.marker(otlp, "/semwaiting/marker-", p -> get(url + p), WAIT);
    spans = otlp.spans().stream().filter(s -> !marker.equals(s.attributes().get("url.path"))).toList();

    Map<String, List<ReceivedSpan>> byTrace = spans.stream().collect(Collectors.groupingBy(ReceivedSpan::traceId));
    Map<String, String> requestOfTrace = new HashMap<>();
    for (ReceivedSpan s : spans) {
      Object path = s.attributes().get("url.path");
      if (s.kind() == Kind.SERVER && path != null && (path.toString().startsWith("/leak/") || path.toString().startsWith("/periodic/"))) {
        requestOfTrace.put(s.traceId(), path.toString().substring(path.toString().lastIndexOf('/') + 1));
      }
    }
    List<ReceivedSpan> probes = spans.stream().filter(s -> s.name().equals("leak.task")).toList();
    assertThat(probes.stream().filter(s -> !"p".equals(s.attributes().get("leak.request"))))
        .as("every task ran with its request's context").hasSize(tasks);
    assertThat(probes).as("tasks handed off outside any request see no context").allSatisfy(p -> {
      assertThat(p.attributes().get("leak.request")).isNotEqualTo("background");
      assertThat(requestOfTrace.get(p.traceId())).as("the request of %s's trace", p.attributes().get("leak.request"))
          .isEqualTo(p.attributes().get("leak.request"));
      Set<String> ids = byTrace.get(p.traceId()).stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      assertThat(ids).as("parent within the trace").contains(p.parentSpanId());
    });
    // The periodic task ran during its request (twice at least) and on after it ended with no context.
    ReceivedSpan periodicServer = spans.stream()
        .filter(s -> s.kind() == Kind.SERVER && "/periodic/p".equals(s.attributes().get("url.path"))).findFirst().orElseThrow();
    assertThat(probes.stream().filter(s -> "p".equals(s.attributes().get("leak.request"))).toList())
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(s -> assertThat(s.startEpochNanos()).as("a run that started after its request ended")
            .isLessThanOrEqualTo(periodicServer.endEpochNanos()));
    // Every queue span belongs to a request's trace too.
    assertThat(spans.stream().filter(s -> s.name().equals("queue"))).allSatisfy(q ->
        assertThat(byTrace.get(q.traceId()).stream().map(ReceivedSpan::spanId)).contains(q.parentSpanId()));
  }

  private static List<ReceivedSpan> trace(OtlpReceiver otlp, String path, int count) {
    return Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, count), WAIT), path);
  }

  private static String get(String url) {
    try {
      return Jdk17HostIT.get(url);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
