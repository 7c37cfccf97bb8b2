package io.pixtrace.agent.prometheus;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code IMGPROXY_PROMETHEUS_NAMESPACE}: every metric family on the Prometheus endpoint gets
 * the prefix {@code <namespace>_}, as imgproxy's {@code prometheus.BuildFQName(namespace, "",
 * name)} does. Only the snapshots written to {@code /metrics} are renamed; the SDK's metric
 * names (and so OTLP) are untouched.
 *
 * <p>Works on the Prometheus model, after the OpenTelemetry→Prometheus conversion, so unit
 * suffixes and {@code _total} are already settled: {@code requests} (a counter, written as
 * {@code requests_total}) becomes {@code avatars_requests}, written as
 * {@code avatars_requests_total}.
 */
final class Namespace {
  private Namespace() {}

  /**
   * The one family whose imgproxy name the OpenTelemetry→Prometheus conversion changes:
   * {@code workers_utilization} (unit {@code %}) gets the unit suffix {@code _percent}, which
   * imgproxy's own endpoint does not write.
   */
  static final String UTILIZATION_CONVERTED = "workers_utilization_percent";

  /**
   * The snapshots with every name prefixed, and {@value #UTILIZATION_CONVERTED} under
   * imgproxy's name; {@code snapshots} itself when there is nothing to rename.
   */
  static MetricSnapshots prefix(MetricSnapshots snapshots, String namespace) {
    String prefix = namespace == null || namespace.isEmpty() ? "" : namespace + "_";
    boolean imgproxyName = snapshots.stream().anyMatch(s -> UTILIZATION_CONVERTED.equals(s.getMetadata().getPrometheusName()));
    if (prefix.isEmpty() && !imgproxyName) {
      return snapshots;
    }
    List<MetricSnapshot> renamed = new ArrayList<>(snapshots.size());
    for (MetricSnapshot s : snapshots) {
      renamed.add(rename(s, prefix));
    }
    return new MetricSnapshots(renamed);
  }

  private static MetricSnapshot rename(MetricSnapshot s, String prefix) {
    MetricMetadata m = s.getMetadata();
    // The name stays valid: the prefix is [a-zA-Z_][a-zA-Z0-9_]*_ (checked by Settings) and
    // the name still ends with its unit, except imgproxy's workers_utilization, which has none.
    MetricMetadata metadata = UTILIZATION_CONVERTED.equals(m.getPrometheusName())
        ? new MetricMetadata(prefix + "workers_utilization", m.getHelp(), null)
        : new MetricMetadata(prefix + m.getPrometheusName(), m.getHelp(), m.getUnit());
    if (s instanceof CounterSnapshot) {
      return new CounterSnapshot(metadata, ((CounterSnapshot) s).getDataPoints());
    }
    if (s instanceof GaugeSnapshot) {
      return new GaugeSnapshot(metadata, ((GaugeSnapshot) s).getDataPoints());
    }
    if (s instanceof HistogramSnapshot) {
      HistogramSnapshot h = (HistogramSnapshot) s;
      return new HistogramSnapshot(h.isGaugeHistogram(), metadata, h.getDataPoints());
    }
    if (s instanceof SummarySnapshot) {
      return new SummarySnapshot(metadata, ((SummarySnapshot) s).getDataPoints());
    }
    if (s instanceof InfoSnapshot) {
      return new InfoSnapshot(metadata, ((InfoSnapshot) s).getDataPoints());
    }
    if (s instanceof StateSetSnapshot) {
      return new StateSetSnapshot(metadata, ((StateSetSnapshot) s).getDataPoints());
    }
    if (s instanceof UnknownSnapshot) {
      return new UnknownSnapshot(metadata, ((UnknownSnapshot) s).getDataPoints());
    }
    // A snapshot type this version does not know: kept under its own name rather than lost.
    return s;
  }
}
