package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a hand-off becomes a {@code queue} span ({@link QueueStage}'s rules), driven the way
 * the advice drives the stage; the waits are made long on purpose, far above the 1 ms rule.
 */
class QueueRulesTest {
  private final TestTelemetry telemetry = new TestTelemetry(true);
  private final TestTelemetry.MapServerAdapter server = new TestTelemetry.MapServerAdapter();

  @AfterEach
  void close() {
    telemetry.close();
  }

  private Object startRequest() {
    return ServerStage.start(server, TestTelemetry.request("GET", "/r"));
  }

  private void endRequest(Object handle) {
    Map<String, Object> req = TestTelemetry.request("GET", "/r");
    req.put("status", 200);
    ServerStage.end(server, handle, req, null);
  }

  private List<SpanData> queueSpans() {
    return telemetry.spans().stream().filter(s -> s.getName().equals("queue")).toList();
  }

  @Test
  void ownThreadTasksCarryTheContextAndNeverMakeAQueueSpan() throws Exception {
    Object request = startRequest();
    String traceId = Span.current().getSpanContext().getTraceId();
    AtomicReference<String> seen = new AtomicReference<>();
    Runnable wrapped = QueueStage.wrapOwnThread(() -> seen.set(Span.current().getSpanContext().getTraceId()), null);
    Thread.sleep(5);
    Thread t = new Thread(wrapped);
    t.start();
    t.join();
    endRequest(request);
    assertThat(seen.get()).isEqualTo(traceId);
    assertThat(queueSpans()).isEmpty();
  }

  @Test
  void theScheduledDelayIsNotQueueTimeButLatenessIs() throws Exception {
    Object request = startRequest();
    Runnable onTime = QueueStage.wrapScheduled(() -> {}, new Object(), 1, TimeUnit.HOURS);
    onTime.run(); // before it was due: no wait at all
    Callable<String> late = QueueStage.wrapScheduled(() -> "done", new Object(), 0, TimeUnit.MILLISECONDS);
    Thread.sleep(5);
    assertThat(late.call()).isEqualTo("done");
    endRequest(request);
    assertThat(queueSpans()).singleElement().satisfies(q ->
        assertThat(q.getEndEpochNanos() - q.getStartEpochNanos()).isGreaterThanOrEqualTo(5_000_000L));
  }

  @Test
  void periodicRunsAfterTheRequestEndedCarryNothing() throws Exception {
    Object request = startRequest();
    AtomicReference<Boolean> inRequest = new AtomicReference<>();
    Runnable periodic = QueueStage.wrapPeriodic(() -> inRequest.set(Span.current().getSpanContext().isValid()),
        new Object(), 0, 1, TimeUnit.HOURS, true);
    periodic.run();
    assertThat(inRequest.get()).isTrue();
    endRequest(request);
    periodic.run();
    assertThat(inRequest.get()).isFalse();
  }

  @Test
  void forkJoinTasksAreRememberedByIdentityUntilTheyRun() throws Exception {
    ForkJoinTask<?> task = ForkJoinTask.adapt(() -> {});
    assertThat(QueueStage.forkJoinSubmitted(task, new Object())).as("no request: nothing noted").isNull();
    Object request = startRequest();
    String traceId = Span.current().getSpanContext().getTraceId();
    assertThat(QueueStage.forkJoinSubmitted(task, new Object())).isNotNull();
    try (Scope none = io.opentelemetry.context.Context.root().makeCurrent()) {
      Thread.sleep(5);
      Object scope = QueueStage.forkJoinStarted(task);
      assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(traceId);
      QueueStage.forkJoinFinished(scope);
      assertThat(Span.current().getSpanContext().isValid()).as("the worker is left with no context").isFalse();
      assertThat(QueueStage.forkJoinStarted(task)).as("runs once").isNull();
    }
    endRequest(request);
    assertThat(QueueStage.forkJoinPending()).isZero();
    assertThat(queueSpans()).singleElement().satisfies(q -> assertThat(
        q.getAttributes().get(AttributeKey.stringKey("pixtrace.queue.executor"))).isEqualTo("java.lang.Object"));
  }

  @Test
  void aSemaphoreMakesASpanOnlyWhenThePermitWasNotAvailable() throws Exception {
    Semaphore semaphore = new Semaphore(1);
    Object request = startRequest();
    assertThat(QueueStage.acquireStart(semaphore, 1)).as("granted at once: nothing").isNull();
    semaphore.acquire();
    Object blocked = QueueStage.acquireStart(semaphore, 1);
    assertThat(blocked).isNotNull();
    boolean got = semaphore.tryAcquire(1, 20, TimeUnit.MILLISECONDS);
    QueueStage.acquireEnd(blocked, got, null);
    endRequest(request);
    assertThat(queueSpans()).singleElement().satisfies(q -> {
      assertThat(q.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(q.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(q.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("queue");
      assertThat(q.getEndEpochNanos() - q.getStartEpochNanos()).isGreaterThanOrEqualTo(20_000_000L);
    });
    SpanData requestSpan = telemetry.span("GET");
    assertThat(requestSpan.getAttributes().get(AttributeKey.stringKey("error.type")))
        .as("the host decides what a timed-out tryAcquire means").isNull();
  }

  /** The agent's own semaphore (the LOSSY=false export queue), full, waited on during a request. */
  static final class AgentOwnedRoom extends Semaphore {
    AgentOwnedRoom() {
      super(0);
    }
  }

  @Test
  void theAgentsOwnSemaphoresMakeNoSpan() {
    assertThat(AgentOwnedRoom.class.getName()).startsWith("io.pixtrace.");
    Object request = startRequest();
    assertThat(QueueStage.acquireStart(new AgentOwnedRoom(), 1)).isNull();
    assertThat(QueueStage.acquireStart(new Semaphore(0), 1)).as("the host's, full: a wait").isNotNull();
    assertThat(QueueStage.acquireStart(new io.pixtrace.examples.queue.HostRoom(), 1))
        .as("a host's class under io.pixtrace. but outside the agent's packages").isNotNull();
    endRequest(request);
  }

  @Test
  void theAgentsPackagesAreItsCodeAndItsRelocatedLibrariesOnly() {
    assertThat(AgentPackages.owns("io.pixtrace.agent.sdk.ExportQueues$Room")).isTrue();
    assertThat(AgentPackages.owns("io.pixtrace.shaded.okhttp3.OkHttpClient")).isTrue();
    assertThat(AgentPackages.owns("io.pixtrace.instrumentation.jdkhttp.ServerAdvice")).isTrue();
    assertThat(AgentPackages.owns("io.pixtrace.bench.host.Jdk17Host")).isFalse();
    assertThat(AgentPackages.owns("io.pixtrace.examples.avatar.AvatarService")).isFalse();
    assertThat(AgentPackages.owns("io.pixtrace.agentish.Host")).isFalse();
    assertThat(AgentPackages.owns("com.example.Host")).isFalse();
    assertThat(AgentPackages.owns(null)).isFalse();
  }

  @Test
  void withSpanShapesFollowTheOpenTelemetryAgentsNaming() {
    assertThat(WithSpanStage.simpleName(Map.Entry.class)).isEqualTo("Map$Entry");
    assertThat(WithSpanStage.WITH_SPAN).isEqualTo("io.opentelemetry.instrumentation.annotations.WithSpan");
    assertThat(WithSpanStage.shape(QueueRulesTest.class, "close", "()V")).as("not annotated").isNull();
  }
}
