package io.pixtrace.bootstrap;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real SDK with in-memory exporters, installed as the stages' telemetry for one test. */
final class TestTelemetry implements AutoCloseable {
  /** The agent's control, taken once for all tests of this JVM (a second take throws). */
  static final Pixtrace.Control CONTROL = Pixtrace.control();

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk;

  TestTelemetry(boolean propagateExternal) {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    TestTelemetry.CONTROL.install(Telemetry.builder(sdk).version("test").propagateExternal(propagateExternal).build());
  }

  List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  SpanData span(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans()));
  }

  Optional<MetricData> metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  @Override
  public void close() {
    TestTelemetry.CONTROL.install(null);
    sdk.close();
  }

  /** A request as a map of fields, read by {@link MapServerAdapter}. */
  static Map<String, Object> request(String method, String path) {
    Map<String, Object> r = new HashMap<>();
    r.put("method", method);
    r.put("path", path);
    r.put("status", -1);
    r.put("headers", new HashMap<String, String>());
    return r;
  }

  /** A server adapter over {@link #request} maps. */
  static class MapServerAdapter implements HttpServerAdapter {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> m(Object o) {
      return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> headers(Object o) {
      return (Map<String, String>) m(o).get("headers");
    }

    @Override
    public Iterable<String> keys(Object carrier) {
      return headers(carrier).keySet();
    }

    @Override
    public String get(Object carrier, String key) {
      return carrier == null ? null : headers(carrier).get(key);
    }

    @Override
    public String method(Object r) {
      return (String) m(r).get("method");
    }

    @Override
    public String path(Object r) {
      return (String) m(r).get("path");
    }

    @Override
    public String query(Object r) {
      return (String) m(r).get("query");
    }

    @Override
    public String scheme(Object r) {
      return "http";
    }

    @Override
    public String route(Object r) {
      return (String) m(r).get("route");
    }

    @Override
    public String lateRoute(Object r) {
      return (String) m(r).get("lateRoute");
    }

    @Override
    public String serverAddress(Object r) {
      return "localhost";
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
      return "test";
    }

    @Override
    public String protocolVersion(Object r) {
      return "1.1";
    }

    @Override
    public int statusCode(Object r) {
      return (Integer) m(r).get("status");
    }
  }
}
