package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The stage API's hot paths, called as the instrumentation's advice calls them, on a real
 * OpenTelemetry SDK: a {@link SimpleSpanProcessor} in front of a span exporter that does
 * nothing, and a metric reader that is never read. In package {@code io.pixtrace.bootstrap}
 * only to reach the stage metrics for {@link #metricUpdate}.
 *
 * <p>Not the agent's BatchSpanProcessor: at millions of spans a second its worker thread
 * competes with the benchmark thread for the second core, drops spans or piles them up for
 * the GC, and results swing by 2–5×. The simple processor hands each ended span to the no-op
 * exporter on the calling thread, a little more work than the batch processor's enqueue.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class StageBenchmark {
  /** The agent's control, taken once per benchmark JVM (a second take throws). */
  private static final Pixtrace.Control CONTROL = Pixtrace.control();

  /** A jextract invoker class of a variadic libvips function, as the advice names it. */
  private static final String VIPS_TYPE = "io.pixtrace.examples.avatar.libvips.vips_h$vips_thumbnail_image";

  private final FakeServerAdapter adapter = new FakeServerAdapter();
  private final FakeRequest request = new FakeRequest();
  private final Runnable task = () -> { };
  private ThreadPoolExecutor executor;
  private OpenTelemetrySdk sdk;
  private Telemetry telemetry;
  /** The context of a request in flight (its server span already ended; only its identity counts). */
  private Context inRequest;

  @Setup
  public void setUp() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new NoopExporter())).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    telemetry = Telemetry.builder(sdk).version("bench").build();
    CONTROL.install(telemetry);
    executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    Object handle = ServerStage.start(adapter, request);
    inRequest = Context.current();
    ServerStage.end(adapter, handle, request, null);
    if (inRequest.get(RequestState.KEY) == null || Context.current().get(RequestState.KEY) != null) {
      throw new IllegalStateException("the server stage did not start a request");
    }
  }

  @TearDown
  public void tearDown() {
    CONTROL.install(null);
    executor.shutdown();
    sdk.close();
  }

  /** A traced stage span: the request's SERVER span, started and ended with its attributes and metrics. */
  @Benchmark
  public Object serverSpan() {
    Object handle = ServerStage.start(adapter, request);
    ServerStage.end(adapter, handle, request, null);
    return handle;
  }

  /**
   * An executor hop carrying the request's context: wrap on hand-off (queue span starts), run
   * on the worker (queue span ends, context made current, then closed). Run on this thread;
   * includes making the request context current around the hand-off.
   */
  @Benchmark
  public Object queueHop() {
    try (Scope s = inRequest.makeCurrent()) {
      Runnable wrapped = QueueStage.wrap(task, executor);
      wrapped.run();
      return wrapped;
    }
  }

  /** A hand-off with no request in flight: the wrap is declined. */
  @Benchmark
  public Object queueWrapNoRequest() {
    return QueueStage.wrap(task, executor);
  }

  /** A libvips operation call with no request in flight: nothing is started. */
  @Benchmark
  public Object vipsOperationNoRequest() {
    return ProcessingStage.libraryOperationStart("libvips", VIPS_TYPE);
  }

  /**
   * What the {@code CompletableFuture} instrumentation adds to one dependent stage created in
   * a request ({@code thenApplyAsync(fn, executor)}): the context captured, the callback and
   * the executor wrapped, and the callback run through its wrapper (context made current and
   * closed). The stage itself is not included.
   */
  @Benchmark
  public Object completableFutureStageInRequest() {
    try (Scope s = inRequest.makeCurrent()) {
      Object context = StageContext.capture();
      @SuppressWarnings("unchecked")
      java.util.function.Function<Object, Object> f =
          (java.util.function.Function<Object, Object>) StageContext.callback(context, "uniApplyStage", identity);
      StageContext.executor(context, executor);
      return f.apply(task);
    }
  }

  /**
   * The Java side of one libvips pipeline evaluation during a request's operation: what the
   * {@code preeval} and {@code posteval} upcalls call ({@link ProcessingStage#evaluationStart},
   * {@link ProcessingStage#evaluating}, {@link ProcessingStage#evaluationEnd}). The operation
   * is started once per iteration (its span is not part of this cost); the upcalls
   * themselves and GLib's emission are measured in the avatar benchmark.
   */
  @Benchmark
  public void vipsEvaluationInOperation() {
    ProcessingStage.evaluationStart();
    if (ProcessingStage.evaluating()) {
      ProcessingStage.evaluationEnd(4096, 64, 64, 3);
    }
  }

  /** The same upcalls on a thread with no operation under way (libvips' workers, start-up work). */
  @Benchmark
  public boolean vipsEvaluationNoOperation() {
    return ProcessingStage.evaluationStart();
  }

  /** Starts the operation {@link #vipsEvaluationInOperation} counts toward (in its request). */
  @Setup(org.openjdk.jmh.annotations.Level.Iteration)
  public void startOperation() {
    try (Scope s = inRequest.makeCurrent()) {
      operation = ProcessingStage.libraryOperationStart("libvips", VIPS_TYPE);
    }
  }

  /** Ends it (one span with the iteration's evaluations). */
  @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
  public void endOperation() {
    ProcessingStage.imageOperationEnd(operation, null, ImageCall.NOTHING);
  }

  private Object operation;

  /** A dependent stage created with no context (an HTTP client's internal stages): nothing is wrapped. */
  @Benchmark
  public Object completableFutureStageNoContext() {
    Object context = StageContext.capture();
    return StageContext.callback(context, "uniApplyStage", identity);
  }

  private final java.util.function.Function<Object, Object> identity = x -> x;

  /** One stage metric update: a histogram record with a prebuilt attribute set. */
  @Benchmark
  public void metricUpdate() {
    telemetry.metrics.spanDuration.record(0.0042, StageMetrics.QUEUE);
  }

  /** Exports nothing, at once. */
  static final class NoopExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
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

  /** What the jdk-httpserver adapter would read from an HttpExchange. */
  static final class FakeRequest {
    final String method = "GET";
    final String path = "/avatar/c160f8cc69a4f0bf2b0362752353d060";
    final String query = "s=64";
    int status = 200;
  }

  static final class FakeServerAdapter implements HttpServerAdapter {
    @Override
    public Iterable<String> keys(Object carrier) {
      return List.of();
    }

    @Override
    public String get(Object carrier, String key) {
      return null;
    }

    @Override
    public String method(Object r) {
      return ((FakeRequest) r).method;
    }

    @Override
    public String path(Object r) {
      return ((FakeRequest) r).path;
    }

    @Override
    public String query(Object r) {
      return ((FakeRequest) r).query;
    }

    @Override
    public String scheme(Object r) {
      return "http";
    }

    @Override
    public String route(Object r) {
      return "/avatar/";
    }

    @Override
    public String serverAddress(Object r) {
      return "127.0.0.1";
    }

    @Override
    public int serverPort(Object r) {
      return 8080;
    }

    @Override
    public String clientAddress(Object r) {
      return "127.0.0.1";
    }

    @Override
    public String userAgent(Object r) {
      return "bench";
    }

    @Override
    public String protocolVersion(Object r) {
      return "1.1";
    }

    @Override
    public int statusCode(Object r) {
      return ((FakeRequest) r).status;
    }
  }
}
