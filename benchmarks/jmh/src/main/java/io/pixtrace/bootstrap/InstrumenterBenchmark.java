package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerMetrics;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanNameExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanStatusExtractor;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same SERVER span as {@link StageBenchmark#serverSpan}, made by the OpenTelemetry
 * instrumentation API ({@code Instrumenter} with the HTTP server attributes, span name and
 * status extractors, {@code HttpServerRoute} and {@code HttpServerMetrics}) on the same SDK
 * set-up: what adopting the library for the request stage would cost per request. It records
 * less than the stage does (none of imgproxy's metrics), so it understates that cost.
 * docs/benchmarks.md has the figures and the decision.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class InstrumenterBenchmark {
  /** The request the fake server hands in: what {@link StageBenchmark}'s adapter reads. */
  record Request(String method, String path, String query, int status) {}

  private final Request request = new Request("GET", "/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346", "s=80&d=identicon", 200);
  private OpenTelemetrySdk sdk;
  private Instrumenter<Request, Request> instrumenter;

  @Setup
  public void setUp() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new StageBenchmark.NoopExporter())).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    instrumenter = Instrumenter.<Request, Request>builder(sdk, "io.pixtrace", HttpSpanNameExtractor.create(Getter.INSTANCE))
        .setSpanStatusExtractor(HttpSpanStatusExtractor.create(Getter.INSTANCE))
        .addAttributesExtractor(HttpServerAttributesExtractor.create(Getter.INSTANCE))
        .addContextCustomizer(HttpServerRoute.create(Getter.INSTANCE))
        .addOperationMetrics(HttpServerMetrics.get())
        .buildServerInstrumenter(Headers.INSTANCE);
  }

  @TearDown
  public void tearDown() {
    sdk.close();
  }

  /** A traced SERVER span, started and ended with its attributes and the semconv duration metric. */
  @Benchmark
  public Object instrumenterServerSpan() {
    Context context = instrumenter.start(Context.root(), request);
    instrumenter.end(context, request, request, null);
    return context;
  }

  private enum Getter implements HttpServerAttributesGetter<Request, Request> {
    INSTANCE;

    @Override
    public String getHttpRequestMethod(Request r) {
      return r.method();
    }

    @Override
    public List<String> getHttpRequestHeader(Request r, String name) {
      // server.address and server.port come from the Host header.
      return name.equals("user-agent") ? List.of("bench") : name.equals("host") ? List.of("127.0.0.1:8080") : List.of();
    }

    @Override
    public Integer getHttpResponseStatusCode(Request r, Request response, Throwable error) {
      return response.status();
    }

    @Override
    public List<String> getHttpResponseHeader(Request r, Request response, String name) {
      return List.of();
    }

    @Override
    public String getUrlScheme(Request r) {
      return "http";
    }

    @Override
    public String getUrlPath(Request r) {
      return r.path();
    }

    @Override
    public String getUrlQuery(Request r) {
      return r.query();
    }

    @Override
    public String getHttpRoute(Request r) {
      return "/avatar/";
    }

    @Override
    public String getNetworkProtocolVersion(Request r, Request response) {
      return "1.1";
    }

    @Override
    public String getNetworkPeerAddress(Request r, Request response) {
      return "127.0.0.1";
    }
  }

  private enum Headers implements TextMapGetter<Request> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Request carrier) {
      return List.of();
    }

    @Override
    public String get(Request carrier, String key) {
      return null;
    }
  }
}
