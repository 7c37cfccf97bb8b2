package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * IMGPROXY_OPEN_TELEMETRY_LOSSY around the SDK's own batch processors, with an exporter that
 * blocks until the test lets it go and a tiny queue (the BatchSpanProcessor's maxQueueSize, i.e.
 * otel.bsp.max.queue.size). No test measures time: the timeouts only stop a hung test.
 */
@Timeout(60)
class ExportQueuesTest {
  private static final Duration LONG = Duration.ofMinutes(1);
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void lossyDropsAtOnceWhenTheQueueIsFullAndCountsEachDrop() {
    BlockingExporter exporter = new BlockingExporter();
    Tracer tracer = tracer(true, LONG, 2, 1, Sampler.alwaysOn(), exporter);

    end(tracer, "first");
    exporter.awaitExportCalls(1); // "first" is in the exporter, which holds on to it
    end(tracer, "second");
    end(tracer, "third"); // the queue (2) is now full
    assertThat(dropped.count("traces")).isZero();
    end(tracer, "fourth"); // returns at once: dropped
    end(tracer, "fifth");
    assertThat(dropped.count("traces")).isEqualTo(2);

    exporter.release();
    flush();
    assertThat(exporter.names()).containsExactly("first", "second", "third");
    assertThat(dropped.count("traces")).isEqualTo(2);
  }

  @Test
  void notLossyTheThreadWaitsForRoomAndNothingIsLost() throws Exception {
    BlockingExporter exporter = new BlockingExporter();
    Tracer tracer = tracer(false, LONG, 2, 1, Sampler.alwaysOn(), exporter);

    end(tracer, "first");
    exporter.awaitExportCalls(1);
    end(tracer, "second");
    end(tracer, "third");
    Thread request = new Thread(() -> end(tracer, "fourth"), "request-thread");
    request.start();
    awaitWaiting(request);
    assertThat(exporter.names()).containsExactly("first");
    assertThat(queues.queued(0)).isEqualTo(2);

    exporter.release(); // the exporter takes "second": room for "fourth"
    request.join();
    flush();
    assertThat(exporter.names()).containsExactly("first", "second", "third", "fourth");
    assertThat(dropped.count("traces")).isZero();
    assertThat(queues.queued(0)).isZero();
  }

  @Test
  void notLossyTheWaitIsBoundedByTheQueueFullTimeoutThenTheItemIsDroppedAndCounted() {
    BlockingExporter exporter = new BlockingExporter();
    Tracer tracer = tracer(false, Duration.ofMillis(20), 2, 1, Sampler.alwaysOn(), exporter);

    end(tracer, "first");
    exporter.awaitExportCalls(1);
    end(tracer, "second");
    end(tracer, "third");
    end(tracer, "fourth"); // waits 20 ms for room that never comes (the exporter holds on)
    assertThat(dropped.count("traces")).isEqualTo(1);

    exporter.release();
    flush();
    assertThat(exporter.names()).containsExactly("first", "second", "third");
  }

  @Test
  void anInterruptedThreadDoesNotWaitAndKeepsItsInterrupt() {
    BlockingExporter exporter = new BlockingExporter();
    Tracer tracer = tracer(false, LONG, 1, 1, Sampler.alwaysOn(), exporter);
    end(tracer, "first");
    exporter.awaitExportCalls(1);
    end(tracer, "second");
    Thread.currentThread().interrupt();
    try {
      end(tracer, "third");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(dropped.count("traces")).isEqualTo(1);
    exporter.release();
  }

  @Test
  void everySpanIsEitherExportedOrCountedUnderLoad() throws Exception {
    SlowExporter exporter = new SlowExporter();
    Tracer tracer = tracer(true, LONG, 8, 4, Sampler.alwaysOn(), exporter);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          end(tracer, "s");
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    flush();
    assertThat(dropped.count("traces")).as("the load overflowed the queue").isPositive();
    assertThat(exporter.count() + dropped.count("traces")).isEqualTo(2000);
    assertThat(queues.queued(0)).isZero();
  }

  @Test
  void aStuckCollectorDoesNotHoldBackTheOthers() {
    BlockingExporter working = new BlockingExporter();
    working.release();
    BlockingExporter stuck = new BlockingExporter();
    Tracer tracer = tracer(true, LONG, 2, 1, Sampler.alwaysOn(), working, stuck);
    for (int i = 0; i < 10; i++) {
      end(tracer, "s" + i);
      working.awaitExportCalls(1); // paced by the working collector, so only the stuck one fills up
      if (i == 0) {
        stuck.awaitExportCalls(1);
      }
    }
    assertThat(dropped.count("traces")).isEqualTo(7); // s0 is in the stuck exporter, s1 and s2 queued
    stuck.release();
    flush();
    assertThat(working.names()).hasSize(10);
    assertThat(stuck.names()).containsExactly("s0", "s1", "s2");
  }

  @Test
  void unsampledSpansTakeNoPlace() {
    BlockingExporter exporter = new BlockingExporter();
    Tracer tracer = tracer(true, LONG, 1, 1, Sampler.alwaysOff(), exporter);
    for (int i = 0; i < 5; i++) {
      end(tracer, "unsampled");
    }
    assertThat(queues.queued(0)).isZero();
    assertThat(dropped.count("traces")).isZero();
    exporter.release();
    flush();
    assertThat(exporter.names()).isEmpty();
  }

  @Test
  void logRecordsToo() {
    BlockingLogExporter exporter = new BlockingLogExporter();
    ExportQueues logQueues = new ExportQueues("logs", List.of("collector:4317"), 1, true, LONG, dropped);
    SdkLoggerProvider logs = SdkLoggerProvider.builder()
        .addLogRecordProcessor(GatedProcessors.logs(logQueues, List.of(BatchLogRecordProcessor
            .builder(CountingExporters.logs(exporter, logQueues, 0)).setMaxQueueSize(1).setMaxExportBatchSize(1).build())))
        .build();
    closeables.add(logs);
    logs.get("test").logRecordBuilder().setBody("first").emit();
    exporter.calls.acquireUninterruptibly();
    logs.get("test").logRecordBuilder().setBody("second").emit();
    logs.get("test").logRecordBuilder().setBody("third").emit();
    assertThat(dropped.count("logs")).isEqualTo(1);
    exporter.release.countDown();
    logs.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(exporter.bodies()).containsExactly("first", "second");
  }

  @Test
  void dropsAreReportedAsACounterPerSignalAndReason() {
    dropped.track("traces");
    dropped.track("logs");
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
    closeables.add(meters);
    dropped.register(meters);
    dropped.add("traces", DroppedItems.QUEUE_FULL, 2);
    dropped.add("traces", DroppedItems.EXPORT_FAILED, 5);
    dropped.add("logs", DroppedItems.SHUTDOWN, 1);
    Collection<MetricData> metrics = reader.collectAllMetrics();
    MetricData metric = metrics.stream().filter(m -> m.getName().equals("pixtrace.export.dropped")).findFirst().orElseThrow();
    assertThat(metric.getUnit()).isEqualTo("{item}");
    assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo("io.pixtrace");
    assertThat(metric.getLongSumData().isMonotonic()).isTrue();
    assertThat(metric.getLongSumData().getPoints().stream().collect(Collectors.toMap(
        p -> p.getAttributes().get(DroppedItems.SIGNAL) + "/" + p.getAttributes().get(DroppedItems.ERROR_TYPE), p -> p.getValue())))
        .containsEntry("traces/queue_full", 2L).containsEntry("traces/export_failed", 5L).containsEntry("traces/shutdown", 0L)
        .containsEntry("logs/queue_full", 0L).containsEntry("logs/export_failed", 0L).containsEntry("logs/shutdown", 1L)
        .hasSize(6);
  }

  /**
   * LOSSY=false: the waits of the spans one thread ends for one trace add up to the queue-full
   * timeout at most. The first span of a trace that finds the queue full waits it out; the
   * trace's next span finds its wait used up and is dropped at once; another trace waits again.
   */
  @Test
  void notLossyTheWaitIsPerRequestNotPerSpan() {
    BlockingExporter exporter = new BlockingExporter();
    Duration timeout = Duration.ofMillis(300);
    Tracer tracer = tracer(false, timeout, 1, 1, Sampler.alwaysOn(), exporter);
    end(tracer, "first");
    exporter.awaitExportCalls(1);
    end(tracer, "second"); // the queue (1) is full
    io.opentelemetry.api.trace.Span root = tracer.spanBuilder("request").startSpan();
    try (io.opentelemetry.context.Scope ignored = root.makeCurrent()) {
      long start = System.nanoTime();
      end(tracer, "child 1"); // waits its 300 ms, then dropped
      long firstWait = System.nanoTime() - start;
      start = System.nanoTime();
      end(tracer, "child 2");
      long secondWait = System.nanoTime() - start;
      assertThat(Duration.ofNanos(firstWait)).isGreaterThanOrEqualTo(timeout);
      assertThat(Duration.ofNanos(secondWait)).as("the request's wait is used up").isLessThan(timeout);
    }
    root.end();
    assertThat(dropped.count("traces", DroppedItems.QUEUE_FULL)).isEqualTo(3);
    long start = System.nanoTime();
    end(tracer, "another request");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a new trace waits again").isGreaterThanOrEqualTo(timeout);
    exporter.release();
  }

  /**
   * LOSSY=false: a batch the exporter fails is tried again until it goes through, while the
   * queue keeps what ends meanwhile: nothing is lost, nothing counted.
   */
  @Test
  void notLossyAFailedExportIsTriedAgainUntilTheCollectorTakesIt() {
    FailingExporter exporter = new FailingExporter(3);
    Tracer tracer = tracer(false, LONG, 16, 4, Sampler.alwaysOn(), exporter);
    for (int i = 0; i < 10; i++) {
      end(tracer, "s" + i);
    }
    flush();
    awaitDelivered(exporter, names -> names.size() == 10);
    assertThat(exporter.delivered()).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    assertThat(exporter.failures()).isEqualTo(3);
    assertThat(dropped.count("traces")).isZero();
  }

  /** LOSSY=true: a batch the exporter fails (after the SDK's own retries) is counted as export_failed. */
  @Test
  void lossyAFailedExportIsCounted() {
    FailingExporter exporter = new FailingExporter(1);
    Tracer tracer = tracer(true, LONG, 16, 16, Sampler.alwaysOn(), exporter);
    for (int i = 0; i < 3; i++) {
      end(tracer, "s" + i);
    }
    flush();
    end(tracer, "after");
    flush();
    awaitDelivered(exporter, names -> names.contains("after"));
    assertThat(dropped.count("traces", DroppedItems.EXPORT_FAILED) + exporter.delivered().size())
        .as("failed %s, all %s, delivered %s, failures %s", dropped.count("traces", DroppedItems.EXPORT_FAILED), dropped.count("traces"), exporter.delivered(), exporter.failures()).isEqualTo(4);
    assertThat(dropped.count("traces", DroppedItems.EXPORT_FAILED)).isPositive();
    assertThat(exporter.delivered()).contains("after");
  }

  /**
   * LOSSY=false and the collector down at shutdown: the batch being tried is given up and
   * counted as shutdown, and shutting down does not wait for the retry window.
   */
  @Test
  void atShutdownAFailingBatchIsCountedAndNotTriedOn() {
    FailingExporter exporter = new FailingExporter(Integer.MAX_VALUE);
    Tracer tracer = tracer(false, LONG, 16, 16, Sampler.alwaysOn(), exporter);
    end(tracer, "before");
    assertThat(provider.shutdown().join(30, TimeUnit.SECONDS).isDone()).isTrue();
    assertThat(dropped.count("traces", DroppedItems.SHUTDOWN)).isEqualTo(1);
    assertThat(dropped.count("traces")).isEqualTo(1);
    assertThat(exporter.delivered()).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private final DroppedItems dropped = new DroppedItems();
  private ExportQueues queues;
  private SdkTracerProvider provider;

  /** A tracer whose spans go through the queues to one real BatchSpanProcessor per exporter. */
  private Tracer tracer(boolean lossy, Duration queueFullTimeout, int queueSize, int batchSize, Sampler sampler,
      SpanExporter... collectors) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < collectors.length; i++) {
      names.add("collector-" + i + ":4317");
    }
    queues = new ExportQueues("traces", names, queueSize, lossy, queueFullTimeout, dropped);
    List<SpanProcessor> batches = new ArrayList<>();
    for (int i = 0; i < collectors.length; i++) {
      batches.add(BatchSpanProcessor.builder(CountingExporters.spans(collectors[i], queues, i))
          .setMaxQueueSize(queueSize).setMaxExportBatchSize(batchSize).setScheduleDelay(Duration.ofMillis(1)).build());
    }
    provider = SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(GatedProcessors.spans(queues, batches)).build();
    closeables.add(provider);
    return provider.get("test");
  }

  private void flush() {
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  /**
   * Waits until what the exporter took satisfies {@code done}: the batch processor's forceFlush
   * can answer before its worker has handed the last batch over (seen in this class's runs).
   */
  private static void awaitDelivered(FailingExporter exporter, java.util.function.Predicate<List<String>> done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.test(exporter.delivered()) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private static void end(Tracer tracer, String name) {
    tracer.spanBuilder(name).startSpan().end();
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
      assertThat(t.isAlive()).as("the request thread should be waiting for room").isTrue();
      Thread.sleep(5);
    }
  }

  /** Holds every export until released; records what it got. */
  static final class BlockingExporter implements SpanExporter {
    final CountDownLatch released = new CountDownLatch(1);
    final Semaphore calls = new Semaphore(0);
    final List<String> names = new ArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      synchronized (names) {
        spans.forEach(s -> names.add(s.getName()));
      }
      calls.release();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableResultCode.ofSuccess();
    }

    void awaitExportCalls(int n) {
      calls.acquireUninterruptibly(n);
    }

    void release() {
      released.countDown();
    }

    List<String> names() {
      synchronized (names) {
        return List.copyOf(names);
      }
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      release();
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Fails its first {@code failures} exports, then takes everything; records what it took. */
  static final class FailingExporter implements SpanExporter {
    private int failuresLeft;
    private int failures;
    private final List<String> delivered = new ArrayList<>();

    FailingExporter(int failures) {
      this.failuresLeft = failures;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      if (failuresLeft > 0) {
        failuresLeft--;
        failures++;
        return CompletableResultCode.ofExceptionalFailure(new java.io.IOException("collector down"));
      }
      spans.forEach(s -> delivered.add(s.getName()));
      return CompletableResultCode.ofSuccess();
    }

    synchronized List<String> delivered() {
      return List.copyOf(delivered);
    }

    synchronized int failures() {
      return failures;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Yields on each export so that queues fill up and spill; counts what it got. */
  static final class SlowExporter implements SpanExporter {
    private long count;

    synchronized long count() {
      return count;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      count += spans.size();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static final class BlockingLogExporter implements LogRecordExporter {
    final CountDownLatch release = new CountDownLatch(1);
    final Semaphore calls = new Semaphore(0);
    final List<String> bodies = new ArrayList<>();

    List<String> bodies() {
      synchronized (bodies) {
        return List.copyOf(bodies);
      }
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      synchronized (bodies) {
        logs.forEach(l -> bodies.add(l.getBodyValue().asString()));
      }
      calls.release();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      release.countDown();
      return CompletableResultCode.ofSuccess();
    }
  }
}
