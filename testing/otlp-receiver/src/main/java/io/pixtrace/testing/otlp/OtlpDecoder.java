package io.pixtrace.testing.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns decoded OTLP protobuf requests into the receiver's flat records. */
final class OtlpDecoder {

  private static final HexFormat HEX = HexFormat.of();

  private OtlpDecoder() {}

  static List<ReceivedSpan> spans(ExportTraceServiceRequest request, Transport transport) {
    List<ReceivedSpan> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        InstrumentationScope scope = ss.getScope();
        for (Span span : ss.getSpansList()) {
          out.add(span(span, resource, scope, transport));
        }
      }
    }
    return out;
  }

  private static ReceivedSpan span(
      Span span, Map<String, Object> resource, InstrumentationScope scope, Transport transport) {
    List<ReceivedSpan.Event> events = new ArrayList<>(span.getEventsCount());
    for (Span.Event e : span.getEventsList()) {
      events.add(
          new ReceivedSpan.Event(e.getName(), e.getTimeUnixNano(), attributes(e.getAttributesList())));
    }
    List<ReceivedSpan.Link> links = new ArrayList<>(span.getLinksCount());
    for (Span.Link l : span.getLinksList()) {
      links.add(
          new ReceivedSpan.Link(
              hex(l.getTraceId()),
              hex(l.getSpanId()),
              l.getTraceState(),
              attributes(l.getAttributesList())));
    }
    Status status = span.getStatus();
    return new ReceivedSpan(
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        hex(span.getParentSpanId()),
        span.getTraceState(),
        span.getName(),
        kind(span.getKind()),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        attributes(span.getAttributesList()),
        statusCode(status.getCode()),
        status.getMessage(),
        List.copyOf(events),
        List.copyOf(links),
        resource,
        scope.getName(),
        scope.getVersion(),
        transport);
  }

  private static ReceivedSpan.Kind kind(Span.SpanKind kind) {
    switch (kind) {
      case SPAN_KIND_INTERNAL:
        return ReceivedSpan.Kind.INTERNAL;
      case SPAN_KIND_SERVER:
        return ReceivedSpan.Kind.SERVER;
      case SPAN_KIND_CLIENT:
        return ReceivedSpan.Kind.CLIENT;
      case SPAN_KIND_PRODUCER:
        return ReceivedSpan.Kind.PRODUCER;
      case SPAN_KIND_CONSUMER:
        return ReceivedSpan.Kind.CONSUMER;
      default:
        return ReceivedSpan.Kind.UNSPECIFIED;
    }
  }

  private static ReceivedSpan.StatusCode statusCode(Status.StatusCode code) {
    switch (code) {
      case STATUS_CODE_OK:
        return ReceivedSpan.StatusCode.OK;
      case STATUS_CODE_ERROR:
        return ReceivedSpan.StatusCode.ERROR;
      default:
        return ReceivedSpan.StatusCode.UNSET;
    }
  }

  static List<ReceivedMetric> metrics(
      ExportMetricsServiceRequest request, Transport transport, long sequence) {
    List<ReceivedMetric> out = new ArrayList<>();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      Map<String, Object> resource = attributes(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        MetricContext ctx =
            new MetricContext(
                resource, sm.getScope().getName(), sm.getScope().getVersion(), transport, sequence);
        for (Metric metric : sm.getMetricsList()) {
          metric(metric, ctx, out);
        }
      }
    }
    return out;
  }

  /** What every point of one scope shares. */
  private record MetricContext(
      Map<String, Object> resource,
      String scopeName,
      String scopeVersion,
      Transport transport,
      long sequence) {}

  private static void metric(Metric m, MetricContext ctx, List<ReceivedMetric> out) {
    switch (m.getDataCase()) {
      case SUM:
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          out.add(
              number(
                  m,
                  ReceivedMetric.Type.SUM,
                  m.getSum().getIsMonotonic(),
                  temporality(m.getSum().getAggregationTemporality()),
                  p,
                  ctx));
        }
        break;
      case GAUGE:
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          out.add(
              number(
                  m, ReceivedMetric.Type.GAUGE, false, ReceivedMetric.Temporality.UNSPECIFIED, p,
                  ctx));
        }
        break;
      case HISTOGRAM:
        ReceivedMetric.Temporality ht = temporality(m.getHistogram().getAggregationTemporality());
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          out.add(
              new ReceivedMetric(
                  m.getName(),
                  m.getDescription(),
                  m.getUnit(),
                  ReceivedMetric.Type.HISTOGRAM,
                  false,
                  ht,
                  attributes(p.getAttributesList()),
                  p.getStartTimeUnixNano(),
                  p.getTimeUnixNano(),
                  null,
                  p.getCount(),
                  p.hasSum() ? p.getSum() : null,
                  p.hasMin() ? p.getMin() : null,
                  p.hasMax() ? p.getMax() : null,
                  List.copyOf(p.getExplicitBoundsList()),
                  List.copyOf(p.getBucketCountsList()),
                  null,
                  Map.of(),
                  ctx.resource(),
                  ctx.scopeName(),
                  ctx.scopeVersion(),
                  ctx.transport(),
                  ctx.sequence(),
                  p.getExemplarsList().stream()
                      .map(e -> new ReceivedMetric.Exemplar(
                          e.hasAsDouble() ? e.getAsDouble() : e.getAsInt(),
                          e.getTimeUnixNano(),
                          hex(e.getTraceId()),
                          hex(e.getSpanId())))
                      .toList()));
        }
        break;
      case EXPONENTIAL_HISTOGRAM:
        ReceivedMetric.Temporality et =
            temporality(m.getExponentialHistogram().getAggregationTemporality());
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          ReceivedMetric.ExponentialBuckets buckets =
              new ReceivedMetric.ExponentialBuckets(
                  p.getScale(),
                  p.getZeroCount(),
                  p.getZeroThreshold(),
                  p.getPositive().getOffset(),
                  List.copyOf(p.getPositive().getBucketCountsList()),
                  p.getNegative().getOffset(),
                  List.copyOf(p.getNegative().getBucketCountsList()));
          out.add(
              new ReceivedMetric(
                  m.getName(),
                  m.getDescription(),
                  m.getUnit(),
                  ReceivedMetric.Type.EXP_HISTOGRAM,
                  false,
                  et,
                  attributes(p.getAttributesList()),
                  p.getStartTimeUnixNano(),
                  p.getTimeUnixNano(),
                  null,
                  p.getCount(),
                  p.hasSum() ? p.getSum() : null,
                  p.hasMin() ? p.getMin() : null,
                  p.hasMax() ? p.getMax() : null,
                  List.of(),
                  List.of(),
                  buckets,
                  Map.of(),
                  ctx.resource(),
                  ctx.scopeName(),
                  ctx.scopeVersion(),
                  ctx.transport(),
                  ctx.sequence()));
        }
        break;
      case SUMMARY:
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          Map<Double, Double> quantiles = new LinkedHashMap<>();
          for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            quantiles.put(q.getQuantile(), q.getValue());
          }
          out.add(
              new ReceivedMetric(
                  m.getName(),
                  m.getDescription(),
                  m.getUnit(),
                  ReceivedMetric.Type.SUMMARY,
                  false,
                  ReceivedMetric.Temporality.UNSPECIFIED,
                  attributes(p.getAttributesList()),
                  p.getStartTimeUnixNano(),
                  p.getTimeUnixNano(),
                  null,
                  p.getCount(),
                  p.getSum(),
                  null,
                  null,
                  List.of(),
                  List.of(),
                  null,
                  Collections.unmodifiableMap(quantiles),
                  ctx.resource(),
                  ctx.scopeName(),
                  ctx.scopeVersion(),
                  ctx.transport(),
                  ctx.sequence()));
        }
        break;
      default:
        // A metric without data carries no points.
        break;
    }
  }

  private static ReceivedMetric number(
      Metric m,
      ReceivedMetric.Type type,
      boolean monotonic,
      ReceivedMetric.Temporality temporality,
      NumberDataPoint p,
      MetricContext ctx) {
    Number value;
    switch (p.getValueCase()) {
      case AS_INT:
        value = p.getAsInt();
        break;
      case AS_DOUBLE:
        value = p.getAsDouble();
        break;
      default:
        value = null;
        break;
    }
    return new ReceivedMetric(
        m.getName(),
        m.getDescription(),
        m.getUnit(),
        type,
        monotonic,
        temporality,
        attributes(p.getAttributesList()),
        p.getStartTimeUnixNano(),
        p.getTimeUnixNano(),
        value,
        0L,
        null,
        null,
        null,
        List.of(),
        List.of(),
        null,
        Map.of(),
        ctx.resource(),
        ctx.scopeName(),
        ctx.scopeVersion(),
        ctx.transport(),
        ctx.sequence());
  }

  private static ReceivedMetric.Temporality temporality(AggregationTemporality t) {
    switch (t) {
      case AGGREGATION_TEMPORALITY_DELTA:
        return ReceivedMetric.Temporality.DELTA;
      case AGGREGATION_TEMPORALITY_CUMULATIVE:
        return ReceivedMetric.Temporality.CUMULATIVE;
      default:
        return ReceivedMetric.Temporality.UNSPECIFIED;
    }
  }

  static List<ReceivedLog> logs(ExportLogsServiceRequest request, Transport transport) {
    List<ReceivedLog> out = new ArrayList<>();
    for (ResourceLogs rl : request.getResourceLogsList()) {
      Map<String, Object> resource = attributes(rl.getResource().getAttributesList());
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        InstrumentationScope scope = sl.getScope();
        for (LogRecord r : sl.getLogRecordsList()) {
          Object body = r.hasBody() ? value(r.getBody()) : null;
          out.add(
              new ReceivedLog(
                  body == null ? "" : String.valueOf(body),
                  body,
                  r.getSeverityNumberValue(),
                  r.getSeverityText(),
                  r.getTimeUnixNano(),
                  r.getObservedTimeUnixNano(),
                  hex(r.getTraceId()),
                  hex(r.getSpanId()),
                  r.getEventName(),
                  attributes(r.getAttributesList()),
                  resource,
                  scope.getName(),
                  scope.getVersion(),
                  transport));
        }
      }
    }
    return out;
  }

  /** Number of spans in a request. */
  static int count(ExportTraceServiceRequest request) {
    int n = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }

  /** Number of metric data points in a request. */
  static int count(ExportMetricsServiceRequest request) {
    int n = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          switch (m.getDataCase()) {
            case SUM:
              n += m.getSum().getDataPointsCount();
              break;
            case GAUGE:
              n += m.getGauge().getDataPointsCount();
              break;
            case HISTOGRAM:
              n += m.getHistogram().getDataPointsCount();
              break;
            case EXPONENTIAL_HISTOGRAM:
              n += m.getExponentialHistogram().getDataPointsCount();
              break;
            case SUMMARY:
              n += m.getSummary().getDataPointsCount();
              break;
            default:
              break;
          }
        }
      }
    }
    return n;
  }

  /** Number of log records in a request. */
  static int count(ExportLogsServiceRequest request) {
    int n = 0;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        n += sl.getLogRecordsCount();
      }
    }
    return n;
  }

  /** Converts OTLP key-values into an unmodifiable, insertion-ordered map (last duplicate wins). */
  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    if (keyValues.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /** Converts one OTLP value into String, Long, Double, Boolean, List, Map or ByteBuffer. */
  static Object value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>(v.getArrayValue().getValuesCount());
        for (AnyValue element : v.getArrayValue().getValuesList()) {
          list.add(value(element));
        }
        return Collections.unmodifiableList(list);
      case KVLIST_VALUE:
        return attributes(v.getKvlistValue().getValuesList());
      case BYTES_VALUE:
        return v.getBytesValue().asReadOnlyByteBuffer();
      case STRING_VALUE_STRINDEX:
        // Only meaningful with a profiles dictionary, which this receiver does not accept.
        return "<strindex:" + v.getStringValueStrindex() + ">";
      default:
        return null;
    }
  }

  /** Lower-case hex of an id, {@code ""} for an empty one. */
  static String hex(ByteString bytes) {
    return bytes.isEmpty() ? "" : HEX.formatHex(bytes.toByteArray());
  }
}
