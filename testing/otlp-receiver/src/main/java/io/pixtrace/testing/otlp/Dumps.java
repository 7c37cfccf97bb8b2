package io.pixtrace.testing.otlp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Human-readable renderings of received data for assertion messages. */
final class Dumps {

  private Dumps() {}

  static String spans(List<ReceivedSpan> spans) {
    StringBuilder sb = new StringBuilder();
    Map<String, List<ReceivedSpan>> traces = new LinkedHashMap<>();
    for (ReceivedSpan s : spans) {
      traces.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
    }
    sb.append("Spans: ").append(spans.size()).append(" in ").append(traces.size())
        .append(" trace(s)\n");
    for (Map.Entry<String, List<ReceivedSpan>> trace : traces.entrySet()) {
      List<ReceivedSpan> members = new ArrayList<>(trace.getValue());
      members.sort(Comparator.comparingLong(ReceivedSpan::startEpochNanos));
      Object service = members.get(0).resourceAttributes().get("service.name");
      sb.append("  trace ").append(trace.getKey());
      if (service != null) {
        sb.append(" (service.name=").append(service).append(')');
      }
      sb.append('\n');
      Set<String> ids = new HashSet<>();
      members.forEach(s -> ids.add(s.spanId()));
      Set<ReceivedSpan> printed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (ReceivedSpan s : members) {
        if (s.isRoot() || !ids.contains(s.parentSpanId())) {
          span(sb, s, members, 2, printed);
        }
      }
      // Cycles or duplicate ids would leave spans unprinted; show them rather than hide them.
      for (ReceivedSpan s : members) {
        if (!printed.contains(s)) {
          span(sb, s, List.of(), 2, printed);
        }
      }
    }
    return sb.toString();
  }

  private static void span(
      StringBuilder sb, ReceivedSpan s, List<ReceivedSpan> all, int depth,
      Set<ReceivedSpan> printed) {
    if (!printed.add(s)) {
      return;
    }
    String indent = "  ".repeat(depth);
    sb.append(indent).append("- ").append(s.name())
        .append(" [").append(s.kind()).append(", ").append(millis(s.durationNanos()));
    if (s.statusCode() != ReceivedSpan.StatusCode.UNSET) {
      sb.append(", ").append(s.statusCode());
      if (!s.statusMessage().isEmpty()) {
        sb.append(": ").append(s.statusMessage());
      }
    }
    sb.append(", via ").append(s.transport()).append("] span ").append(s.spanId());
    if (!s.isRoot() && all.stream().noneMatch(p -> p.spanId().equals(s.parentSpanId()))) {
      sb.append(" (parent ").append(s.parentSpanId()).append(" not received)");
    }
    if (!s.attributes().isEmpty()) {
      sb.append(' ').append(attributes(s.attributes()));
    }
    sb.append('\n');
    for (ReceivedSpan.Event e : s.events()) {
      sb.append(indent).append("    * event ").append(e.name());
      if (!e.attributes().isEmpty()) {
        sb.append(' ').append(attributes(e.attributes()));
      }
      sb.append('\n');
    }
    for (ReceivedSpan.Link l : s.links()) {
      sb.append(indent).append("    * link ").append(l.traceId()).append('/').append(l.spanId())
          .append('\n');
    }
    for (ReceivedSpan child : all) {
      if (child != s && child.parentSpanId().equals(s.spanId())) {
        span(sb, child, all, depth + 1, printed);
      }
    }
  }

  static String metrics(List<ReceivedMetric> metrics) {
    Map<String, ReceivedMetric> latest = new LinkedHashMap<>();
    Map<String, AtomicInteger> counts = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (ReceivedMetric m : metrics) {
      String series = m.name() + ' ' + attributes(m.attributes());
      latest.remove(series);
      latest.put(series, m);
      counts.computeIfAbsent(series, k -> new AtomicInteger()).incrementAndGet();
      names.add(m.name());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Metrics: ").append(metrics.size()).append(" point(s) of ").append(names.size())
        .append(" metric(s); latest point per series:\n");
    List<Map.Entry<String, ReceivedMetric>> entries = new ArrayList<>(latest.entrySet());
    entries.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, ReceivedMetric> e : entries) {
      ReceivedMetric m = e.getValue();
      sb.append("  ").append(m.name()).append(" [").append(m.type());
      if (m.monotonic()) {
        sb.append(" monotonic");
      }
      if (m.temporality() != ReceivedMetric.Temporality.UNSPECIFIED) {
        sb.append(' ').append(m.temporality());
      }
      if (!m.unit().isEmpty()) {
        sb.append(", unit ").append(m.unit());
      }
      sb.append("] ").append(attributes(m.attributes())).append(' ').append(pointValue(m))
          .append("  (").append(counts.get(e.getKey())).append(" point(s), via ")
          .append(m.transport()).append(")\n");
    }
    return sb.toString();
  }

  private static String pointValue(ReceivedMetric m) {
    switch (m.type()) {
      case SUM:
      case GAUGE:
        return "= " + m.value();
      case HISTOGRAM:
        return "count=" + m.count() + " sum=" + m.sum() + " min=" + m.min() + " max=" + m.max()
            + " bounds=" + m.explicitBounds() + " buckets=" + m.bucketCounts();
      case EXP_HISTOGRAM:
        return "count=" + m.count() + " sum=" + m.sum() + " min=" + m.min() + " max=" + m.max()
            + " scale=" + m.exponential().scale();
      default:
        return "count=" + m.count() + " sum=" + m.sum() + " quantiles=" + m.quantiles();
    }
  }

  static String logs(List<ReceivedLog> logs) {
    StringBuilder sb = new StringBuilder();
    sb.append("Logs: ").append(logs.size()).append('\n');
    for (ReceivedLog l : logs) {
      sb.append("  [").append(l.severityText().isEmpty() ? "-" : l.severityText()).append('/')
          .append(l.severityNumber()).append("] ").append(l.body());
      if (!l.attributes().isEmpty()) {
        sb.append(' ').append(attributes(l.attributes()));
      }
      if (!l.traceId().isEmpty()) {
        sb.append(" trace=").append(l.traceId()).append(" span=").append(l.spanId());
      }
      sb.append(" (scope ").append(l.scopeName()).append(", via ").append(l.transport())
          .append(")\n");
    }
    return sb.toString();
  }

  static String requests(
      List<ExportRequest> requests, Map<Signal, Map<Transport, AtomicInteger>> counts) {
    StringBuilder sb = new StringBuilder("Export requests:");
    for (Signal s : Signal.values()) {
      sb.append(' ').append(s).append('(');
      boolean first = true;
      for (Transport t : Transport.values()) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        sb.append(t).append('=').append(counts.get(s).get(t).get());
      }
      sb.append(')');
    }
    sb.append('\n');
    for (ExportRequest r : requests) {
      sb.append("  #").append(r.sequence()).append(' ').append(r.signal()).append(' ')
          .append(r.transport()).append(" items=").append(r.itemCount())
          .append(r.accepted() ? "" : " REJECTED").append('\n');
    }
    return sb.toString();
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1_000_000.0);
  }

  /** Renders attributes as {@code {key="text", n=3, flag=true, list=["a", "b"]}}. */
  static String attributes(Map<String, Object> attributes) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=');
      value(sb, e.getValue());
    }
    return sb.append('}').toString();
  }

  @SuppressWarnings("unchecked")
  private static void value(StringBuilder sb, Object v) {
    if (v instanceof String s) {
      sb.append('"').append(s).append('"');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        value(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> map) {
      sb.append(attributes((Map<String, Object>) map));
    } else if (v instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      sb.append("0x").append(HexFormat.of().formatHex(bytes));
    } else {
      sb.append(v);
    }
  }
}
