package io.pixtrace.agent.console;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Prints the metrics for people, one line per series in a Prometheus-like form
 * ({@code name{label="value"} value}; histograms as count and sum in their unit), at each
 * export interval and at shutdown. Cumulative, so each print shows totals so far.
 */
public final class ConsoleMetricExporter implements MetricExporter {
  private final PrintStream out;

  /** An exporter printing to {@code out}. */
  public ConsoleMetricExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    List<MetricData> sorted = new ArrayList<>(metrics);
    sorted.sort(Comparator.comparing(MetricData::getName));
    StringBuilder text = new StringBuilder("[pixtrace] metrics\n");
    for (MetricData m : sorted) {
      List<PointData> points = new ArrayList<>(m.getData().getPoints());
      points.sort(Comparator.comparing(p -> p.getAttributes().toString()));
      for (PointData p : points) {
        text.append("  ").append(m.getName()).append(labels(p.getAttributes())).append(' ');
        if (p instanceof LongPointData) {
          text.append(((LongPointData) p).getValue());
        } else if (p instanceof DoublePointData) {
          text.append(((DoublePointData) p).getValue());
        } else if (p instanceof HistogramPointData) {
          HistogramPointData h = (HistogramPointData) p;
          text.append("count=").append(h.getCount())
              .append(String.format(" sum=%.4f", h.getSum()))
              .append(m.getUnit().isEmpty() ? "" : " " + m.getUnit());
        } else {
          text.append(p);
        }
        text.append('\n');
      }
    }
    out.print(text);
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  private static String labels(Attributes attributes) {
    if (attributes.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    attributes.forEach((k, v) -> {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(k.getKey()).append("=\"").append(v).append('"');
    });
    return b.append('}').toString();
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
