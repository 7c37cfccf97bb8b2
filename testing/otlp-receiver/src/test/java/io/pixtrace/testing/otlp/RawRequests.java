package io.pixtrace.testing.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;

/** Hand-built OTLP protobuf requests, for value types and data kinds the SDK does not produce. */
final class RawRequests {

  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String ROOT_ID = "eee19b7ec3c1b174";
  static final String CHILD_ID = "eee19b7ec3c1b173";
  static final long T0 = 1_700_000_000_000_000_000L;

  private RawRequests() {}

  static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static AnyValue lng(long l) {
    return AnyValue.newBuilder().setIntValue(l).build();
  }

  static Resource resource(String service) {
    return Resource.newBuilder().addAttributes(kv("service.name", str(service))).build();
  }

  /** A root span and a child with every attribute value type (including kvlist and bytes). */
  static ExportTraceServiceRequest traces() {
    AnyValue array =
        AnyValue.newBuilder()
            .setArrayValue(ArrayValue.newBuilder().addValues(str("a")).addValues(lng(2)))
            .build();
    AnyValue kvlist =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("inner", str("x")))
                    .addValues(kv("n", lng(1))))
            .build();
    Span root =
        Span.newBuilder()
            .setTraceId(id(TRACE_ID))
            .setSpanId(id(ROOT_ID))
            .setName("GET /avatar")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(T0)
            .setEndTimeUnixNano(T0 + 12_345_678)
            .addAttributes(kv("s", str("text")))
            .addAttributes(kv("i", lng(-7)))
            .addAttributes(kv("d", AnyValue.newBuilder().setDoubleValue(2.5).build()))
            .addAttributes(kv("b", AnyValue.newBuilder().setBoolValue(true).build()))
            .addAttributes(kv("arr", array))
            .addAttributes(kv("kv", kvlist))
            .addAttributes(
                kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff})).build()))
            .addAttributes(kv("empty", AnyValue.getDefaultInstance()))
            .build();
    Span child =
        Span.newBuilder()
            .setTraceId(id(TRACE_ID))
            .setSpanId(id(CHILD_ID))
            .setParentSpanId(id(ROOT_ID))
            .setTraceState("vendor=1")
            .setName("resize")
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(T0 + 1_000_000)
            .setEndTimeUnixNano(T0 + 2_500_000)
            .setStatus(
                Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
            .addEvents(
                Span.Event.newBuilder().setName("retry").setTimeUnixNano(T0 + 2_000_000)
                    .addAttributes(kv("attempt", lng(2))))
            .addLinks(
                Span.Link.newBuilder().setTraceId(id("0af7651916cd43dd8448eb211c80319c"))
                    .setSpanId(id("b7ad6b7169203331")).setTraceState("k=v")
                    .addAttributes(kv("why", str("batch"))))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource("raw-service"))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("raw").setVersion("9"))
                        .addSpans(root)
                        .addSpans(child)))
        .build();
  }

  /** A delta int sum, a double gauge, an exponential histogram and a summary. */
  static ExportMetricsServiceRequest metrics() {
    Metric sum =
        Metric.newBuilder()
            .setName("raw.sum").setUnit("By").setDescription("bytes sent")
            .setSum(
                Sum.newBuilder()
                    .setIsMonotonic(false)
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(
                        NumberDataPoint.newBuilder().setAsInt(-3).setStartTimeUnixNano(T0)
                            .setTimeUnixNano(T0 + 10).addAttributes(kv("code", lng(200)))))
            .build();
    Metric gauge =
        Metric.newBuilder()
            .setName("raw.gauge")
            .setGauge(
                Gauge.newBuilder().addDataPoints(
                    NumberDataPoint.newBuilder().setAsDouble(0.25).setTimeUnixNano(T0 + 20)))
            .build();
    Metric exp =
        Metric.newBuilder()
            .setName("raw.exp")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .setCount(6).setSum(21.5).setMin(0).setMax(9).setScale(3)
                            .setZeroCount(1).setZeroThreshold(0.001).setTimeUnixNano(T0 + 30)
                            .setPositive(
                                ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2)
                                    .addBucketCounts(2).addBucketCounts(3))
                            .setNegative(ExponentialHistogramDataPoint.Buckets.getDefaultInstance())))
            .build();
    Metric summary =
        Metric.newBuilder()
            .setName("raw.summary")
            .setSummary(
                Summary.newBuilder().addDataPoints(
                    SummaryDataPoint.newBuilder().setCount(4).setSum(10).setTimeUnixNano(T0 + 40)
                        .addQuantileValues(
                            SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(2))
                        .addQuantileValues(
                            SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(4))))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource("raw-service"))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("raw"))
                        .addMetrics(sum).addMetrics(gauge).addMetrics(exp).addMetrics(summary)))
        .build();
  }

  /** One log record with a structured (kvlist) body and an event name. */
  static ExportLogsServiceRequest logs() {
    AnyValue body =
        AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(kv("msg", str("hi"))))
            .build();
    LogRecord record =
        LogRecord.newBuilder()
            .setBody(body)
            .setEventName("avatar.resized")
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
            .setSeverityText("INFO")
            .setTimeUnixNano(T0)
            .setObservedTimeUnixNano(T0 + 5)
            .setTraceId(id(TRACE_ID))
            .setSpanId(id(ROOT_ID))
            .addAttributes(kv("k", str("v")))
            .build();
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource("raw-service"))
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("raw"))
                        .addLogRecords(record)))
        .build();
  }
}
