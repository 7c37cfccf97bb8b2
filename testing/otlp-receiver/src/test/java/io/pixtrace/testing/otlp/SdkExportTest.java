package io.pixtrace.testing.otlp;

import static io.opentelemetry.api.common.AttributeKey.booleanArrayKey;
import static io.opentelemetry.api.common.AttributeKey.doubleArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The official SDK and OTLP exporters send to the receiver; the flat records must be exact. */
class SdkExportTest {

  static final Resource RESOURCE =
      Resource.create(
          Attributes.of(
              stringKey("service.name"), "avatar-service",
              stringKey("deployment.environment.name"), "test"));
  static final Map<String, Object> RESOURCE_MAP =
      Map.of("service.name", "avatar-service", "deployment.environment.name", "test");
  static final Duration WAIT = Duration.ofSeconds(10);
  static final long T0 = 1_700_000_000_000_000_000L;

  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @ParameterizedTest(name = "{0}, compression {1}")
  @CsvSource({"GRPC, none", "GRPC, gzip", "HTTP, none", "HTTP, gzip"})
  void spansArriveExactly(Transport transport, String compression) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(RESOURCE)
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        Exporters.to(receiver, transport).compression(compression).spans())
                    .build())
            .build();
    Span warmup;
    Span server;
    Span child;
    try {
      Tracer tracer =
          provider.tracerBuilder("io.pixtrace.test").setInstrumentationVersion("1.2.3").build();
      warmup =
          tracer.spanBuilder("warmup").setNoParent().setStartTimestamp(T0 - 5_000_000, NANOSECONDS)
              .startSpan();
      warmup.end(T0 - 1_000_000, NANOSECONDS);
      server =
          tracer
              .spanBuilder("GET /avatar/{id}")
              .setNoParent()
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(T0, NANOSECONDS)
              .setAttribute("http.request.method", "GET")
              .setAttribute("http.response.status_code", 500L)
              .setAttribute("pixtrace.scale", 0.5)
              .setAttribute("pixtrace.cache.hit", false)
              .setAttribute(stringArrayKey("pixtrace.formats"), List.of("webp", "png"))
              .setAttribute(longArrayKey("pixtrace.sizes"), List.of(64L, 128L))
              .setAttribute(doubleArrayKey("pixtrace.ratios"), List.of(1.0, 1.5))
              .setAttribute(booleanArrayKey("pixtrace.flags"), List.of(true, false))
              .addLink(warmup.getSpanContext(), Attributes.of(stringKey("link.reason"), "warmup"))
              .startSpan();
      child =
          tracer
              .spanBuilder("resize")
              .setParent(Context.root().with(server))
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(T0 + 1_000_000, NANOSECONDS)
              .startSpan();
      child.addEvent(
          "cache.miss", Attributes.of(stringKey("cache.key"), "avatar:42"), T0 + 2_000_000,
          NANOSECONDS);
      child.recordException(new IllegalStateException("decoder exploded"));
      child.setStatus(StatusCode.ERROR, "resize failed");
      child.end(T0 + 4_000_000, NANOSECONDS);
      server.setStatus(StatusCode.OK);
      server.end(T0 + 10_500_000, NANOSECONDS);
      assertThat(provider.forceFlush().join(10, SECONDS).isSuccess()).isTrue();
    } finally {
      provider.shutdown().join(10, SECONDS);
    }

    List<ReceivedSpan> spans = receiver.awaitSpanCount(3, WAIT);
    assertThat(spans).hasSize(3);
    String traceId = server.getSpanContext().getTraceId();

    ReceivedSpan receivedServer = find(spans, "GET /avatar/{id}");
    assertThat(receivedServer)
        .isEqualTo(
            new ReceivedSpan(
                traceId,
                server.getSpanContext().getSpanId(),
                "",
                "",
                "GET /avatar/{id}",
                ReceivedSpan.Kind.SERVER,
                T0,
                T0 + 10_500_000,
                Map.of(
                    "http.request.method", "GET",
                    "http.response.status_code", 500L,
                    "pixtrace.scale", 0.5,
                    "pixtrace.cache.hit", false,
                    "pixtrace.formats", List.of("webp", "png"),
                    "pixtrace.sizes", List.of(64L, 128L),
                    "pixtrace.ratios", List.of(1.0, 1.5),
                    "pixtrace.flags", List.of(true, false)),
                ReceivedSpan.StatusCode.OK,
                "",
                List.of(),
                List.of(
                    new ReceivedSpan.Link(
                        warmup.getSpanContext().getTraceId(),
                        warmup.getSpanContext().getSpanId(),
                        "",
                        Map.of("link.reason", "warmup"))),
                RESOURCE_MAP,
                "io.pixtrace.test",
                "1.2.3",
                transport));
    assertThat(receivedServer.isRoot()).isTrue();
    assertThat(receivedServer.durationNanos()).isEqualTo(10_500_000L);

    ReceivedSpan receivedChild = find(spans, "resize");
    assertThat(receivedChild.traceId()).isEqualTo(traceId);
    assertThat(receivedChild.spanId()).isEqualTo(child.getSpanContext().getSpanId());
    assertThat(receivedChild.parentSpanId()).isEqualTo(server.getSpanContext().getSpanId());
    assertThat(receivedChild.kind()).isEqualTo(ReceivedSpan.Kind.INTERNAL);
    assertThat(receivedChild.startEpochNanos()).isEqualTo(T0 + 1_000_000);
    assertThat(receivedChild.endEpochNanos()).isEqualTo(T0 + 4_000_000);
    assertThat(receivedChild.attributes()).isEmpty();
    assertThat(receivedChild.statusCode()).isEqualTo(ReceivedSpan.StatusCode.ERROR);
    assertThat(receivedChild.statusMessage()).isEqualTo("resize failed");
    assertThat(receivedChild.links()).isEmpty();
    assertThat(receivedChild.events()).extracting(ReceivedSpan.Event::name)
        .containsExactly("cache.miss", "exception");
    assertThat(receivedChild.events().get(0))
        .isEqualTo(
            new ReceivedSpan.Event("cache.miss", T0 + 2_000_000, Map.of("cache.key", "avatar:42")));
    ReceivedSpan.Event exception = receivedChild.event("exception").orElseThrow();
    assertThat(exception.epochNanos()).isPositive();
    assertThat(exception.attributes())
        .containsOnlyKeys("exception.type", "exception.message", "exception.stacktrace")
        .containsEntry("exception.type", "java.lang.IllegalStateException")
        .containsEntry("exception.message", "decoder exploded");
    assertThat((String) exception.attributes().get("exception.stacktrace"))
        .startsWith("java.lang.IllegalStateException: decoder exploded");
    assertThat(receivedChild.resourceAttributes()).isEqualTo(RESOURCE_MAP);
    assertThat(receivedChild.transport()).isEqualTo(transport);

    ReceivedSpan receivedWarmup = find(spans, "warmup");
    assertThat(receivedWarmup.kind()).isEqualTo(ReceivedSpan.Kind.INTERNAL);
    assertThat(receivedWarmup.statusCode()).isEqualTo(ReceivedSpan.StatusCode.UNSET);

    assertThat(receiver.trace(traceId)).extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("GET /avatar/{id}", "resize");
    assertThat(receiver.requestCount(Signal.TRACES, transport)).isPositive();
    assertThat(receiver.requestCount(Signal.TRACES, other(transport))).isZero();
    assertThat(receiver.itemCount(Signal.TRACES)).isEqualTo(3);
    if (transport == Transport.HTTP) {
      assertThat(receiver.requests(Signal.TRACES))
          .allSatisfy(
              r -> assertThat(r.header("Content-Encoding"))
                  .isEqualTo(compression.equals("gzip") ? "gzip" : null));
    }
    assertThat(receiver.dumpSpans())
        .contains("trace " + traceId + " (service.name=avatar-service)")
        .contains("- GET /avatar/{id} [SERVER, 10.500 ms, OK, via " + transport + "]")
        .contains("  - resize [INTERNAL, 3.000 ms, ERROR: resize failed, via " + transport + "]")
        .contains("* event exception");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void metricsArriveExactly(Transport transport) {
    PeriodicMetricReader reader =
        PeriodicMetricReader.builder(
                Exporters.to(receiver, transport)
                    .compression(transport == Transport.HTTP ? "gzip" : "none")
                    .metrics())
            .setInterval(Duration.ofHours(1))
            .build();
    SdkMeterProvider provider =
        SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build();
    try {
      Meter meter =
          provider.meterBuilder("io.pixtrace.test").setInstrumentationVersion("1.2.3").build();
      LongCounter requests =
          meter.counterBuilder("pixtrace.requests").setDescription("Requests served")
              .setUnit("{request}").build();
      DoubleHistogram latency =
          meter.histogramBuilder("pixtrace.latency").setDescription("Request latency")
              .setUnit("ms").setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0)).build();
      DoubleGauge queue = meter.gaugeBuilder("pixtrace.queue.depth").setUnit("{image}").build();
      Attributes routeA = Attributes.of(stringKey("route"), "/a");
      Attributes routeB = Attributes.of(stringKey("route"), "/b");
      requests.add(2, routeA);
      requests.add(3, routeB);
      latency.record(5, routeA);
      latency.record(50, routeA);
      latency.record(500, routeA);
      queue.set(7.5);
      assertThat(provider.forceFlush().join(10, SECONDS).isSuccess()).isTrue();

      ReceivedMetric a =
          receiver.awaitMetric("pixtrace.requests", m -> "/a".equals(m.attribute("route")), WAIT);
      assertThat(a.description()).isEqualTo("Requests served");
      assertThat(a.unit()).isEqualTo("{request}");
      assertThat(a.type()).isEqualTo(ReceivedMetric.Type.SUM);
      assertThat(a.monotonic()).isTrue();
      assertThat(a.temporality()).isEqualTo(ReceivedMetric.Temporality.CUMULATIVE);
      assertThat(a.attributes()).isEqualTo(Map.of("route", "/a"));
      assertThat(a.value()).isEqualTo(2L);
      assertThat(a.longValue()).isEqualTo(2L);
      assertThat(a.startEpochNanos()).isPositive();
      assertThat(a.epochNanos()).isGreaterThanOrEqualTo(a.startEpochNanos());
      assertThat(a.resourceAttributes()).isEqualTo(RESOURCE_MAP);
      assertThat(a.scopeName()).isEqualTo("io.pixtrace.test");
      assertThat(a.scopeVersion()).isEqualTo("1.2.3");
      assertThat(a.transport()).isEqualTo(transport);

      ReceivedMetric h = receiver.latest("pixtrace.latency", Map.of("route", "/a")).orElseThrow();
      assertThat(h.type()).isEqualTo(ReceivedMetric.Type.HISTOGRAM);
      assertThat(h.unit()).isEqualTo("ms");
      assertThat(h.temporality()).isEqualTo(ReceivedMetric.Temporality.CUMULATIVE);
      assertThat(h.value()).isNull();
      assertThat(h.count()).isEqualTo(3);
      assertThat(h.sum()).isEqualTo(555.0);
      assertThat(h.min()).isEqualTo(5.0);
      assertThat(h.max()).isEqualTo(500.0);
      assertThat(h.explicitBounds()).containsExactly(10.0, 100.0);
      assertThat(h.bucketCounts()).containsExactly(1L, 1L, 1L);

      ReceivedMetric g = receiver.latest("pixtrace.queue.depth").orElseThrow();
      assertThat(g.type()).isEqualTo(ReceivedMetric.Type.GAUGE);
      assertThat(g.monotonic()).isFalse();
      assertThat(g.temporality()).isEqualTo(ReceivedMetric.Temporality.UNSPECIFIED);
      assertThat(g.attributes()).isEmpty();
      assertThat(g.value()).isEqualTo(7.5);
      assertThat(g.doubleValue()).isEqualTo(7.5);

      assertThat(receiver.metricNames())
          .containsExactlyInAnyOrder("pixtrace.requests", "pixtrace.latency", "pixtrace.queue.depth");
      assertThat(receiver.metrics()).hasSize(4);

      // A second collection: cumulative sums grow; latest() must pick the newest export.
      requests.add(4, routeA);
      assertThat(provider.forceFlush().join(10, SECONDS).isSuccess()).isTrue();
      receiver.awaitMetric(
          "pixtrace.requests", m -> m.exportSequence() > a.exportSequence(), WAIT);
      ReceivedMetric newest = receiver.latest("pixtrace.requests", Map.of("route", "/a")).orElseThrow();
      assertThat(newest.longValue()).isEqualTo(6L);
      assertThat(newest.exportSequence()).isGreaterThan(a.exportSequence());
      assertThat(receiver.latest("pixtrace.requests", attrs -> "/b".equals(attrs.get("route")))
          .orElseThrow().longValue()).isEqualTo(3L);
      // Point order inside one export is the SDK's; across exports it is arrival order.
      List<ReceivedMetric> points = receiver.metrics("pixtrace.requests");
      assertThat(points).hasSize(4);
      assertThat(points.subList(0, 2)).extracting(ReceivedMetric::value)
          .containsExactlyInAnyOrder(2L, 3L);
      assertThat(points.subList(2, 4)).extracting(ReceivedMetric::value)
          .containsExactlyInAnyOrder(6L, 3L);
      assertThat(receiver.latest("pixtrace.requests", Map.of("route", "/c"))).isEmpty();
      assertThat(receiver.dumpMetrics())
          .contains("pixtrace.requests [SUM monotonic CUMULATIVE, unit {request}] {route=\"/a\"} = 6"
              + "  (2 point(s), via " + transport + ")");
    } finally {
      provider.shutdown().join(10, SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void logsArriveExactly(Transport transport) {
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(RESOURCE)
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(Exporters.to(receiver, transport).logs()).build())
            .build();
    SpanContext spanContext =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(),
            TraceState.getDefault());
    try {
      Logger logger =
          provider.loggerBuilder("io.pixtrace.test").setInstrumentationVersion("1.2.3").build();
      logger.logRecordBuilder()
          .setTimestamp(T0, NANOSECONDS)
          .setObservedTimestamp(T0 + 1_000, NANOSECONDS)
          .setSeverity(Severity.WARN)
          .setSeverityText("WARN")
          .setBody("cache miss for avatar 42")
          .setAttribute(longKey("avatar.id"), 42L)
          .setAttribute(stringKey("cache"), "thumbs")
          .setContext(Context.root().with(Span.wrap(spanContext)))
          .emit();
      logger.logRecordBuilder().setSeverity(Severity.ERROR).setBody("decoder failed").emit();
      assertThat(provider.forceFlush().join(10, SECONDS).isSuccess()).isTrue();
    } finally {
      provider.shutdown().join(10, SECONDS);
    }

    List<ReceivedLog> logs = receiver.awaitLogs(l -> l.size() >= 2, WAIT);
    assertThat(logs).hasSize(2);
    assertThat(logs.get(0))
        .isEqualTo(
            new ReceivedLog(
                "cache miss for avatar 42",
                "cache miss for avatar 42",
                13,
                "WARN",
                T0,
                T0 + 1_000,
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                "",
                Map.of("avatar.id", 42L, "cache", "thumbs"),
                RESOURCE_MAP,
                "io.pixtrace.test",
                "1.2.3",
                transport));
    ReceivedLog second = logs.get(1);
    assertThat(second.body()).isEqualTo("decoder failed");
    assertThat(second.severityNumber()).isEqualTo(17);
    assertThat(second.severityText()).isEmpty();
    assertThat(second.traceId()).isEmpty();
    assertThat(second.spanId()).isEmpty();
    assertThat(second.epochNanos()).isZero();
    assertThat(second.observedEpochNanos()).isPositive();
    assertThat(second.attributes()).isEmpty();
    assertThat(receiver.dumpLogs()).contains("[WARN/13] cache miss for avatar 42");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void headersOfEverySignalArrive(Transport transport) {
    Exporters exporters =
        Exporters.to(receiver, transport)
            .header("Authorization", "Bearer s3cret")
            .header("X-Pixtrace-Tenant", "tenant-7");
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(exporters.spans()).build()).build();
    SdkMeterProvider metering =
        SdkMeterProvider.builder()
            .registerMetricReader(
                PeriodicMetricReader.builder(exporters.metrics())
                    .setInterval(Duration.ofHours(1)).build())
            .build();
    SdkLoggerProvider logging =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporters.logs()).build())
            .build();
    try {
      tracing.get("t").spanBuilder("op").startSpan().end();
      metering.get("m").counterBuilder("c").build().add(1);
      logging.get("l").logRecordBuilder().setBody("hello").emit();
      assertThat(tracing.forceFlush().join(10, SECONDS).isSuccess()).isTrue();
      assertThat(metering.forceFlush().join(10, SECONDS).isSuccess()).isTrue();
      assertThat(logging.forceFlush().join(10, SECONDS).isSuccess()).isTrue();
    } finally {
      tracing.shutdown().join(10, SECONDS);
      metering.shutdown().join(10, SECONDS);
      logging.shutdown().join(10, SECONDS);
    }

    for (Signal signal : Signal.values()) {
      ExportRequest request = receiver.awaitRequest(r -> r.signal() == signal, WAIT);
      assertThat(request.transport()).isEqualTo(transport);
      assertThat(request.accepted()).isTrue();
      assertThat(request.itemCount()).isEqualTo(1);
      assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
      assertThat(request.header("authorization")).isEqualTo("Bearer s3cret");
      assertThat(request.headers()).containsEntry("x-pixtrace-tenant", List.of("tenant-7"));
      assertThat(request.header("user-agent")).contains("OTel-OTLP-Exporter-Java");
      assertThat(receiver.requestCount(signal, transport)).isGreaterThanOrEqualTo(1);
      assertThat(receiver.requestCount(signal, other(transport))).isZero();
      assertThat(receiver.itemCount(signal)).isGreaterThanOrEqualTo(1);
    }
  }

  static ReceivedSpan find(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  static Transport other(Transport transport) {
    return transport == Transport.GRPC ? Transport.HTTP : Transport.GRPC;
  }
}
