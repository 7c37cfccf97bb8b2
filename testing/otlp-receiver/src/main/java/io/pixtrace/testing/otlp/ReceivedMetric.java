package io.pixtrace.testing.otlp;

import java.util.List;
import java.util.Map;

/**
 * One metric data point as it arrived at the receiver, flattened from the OTLP {@code
 * ResourceMetrics → ScopeMetrics → Metric → data point} nesting. Every point of every export is
 * kept, in arrival order.
 *
 * <p>Which value fields are meaningful depends on {@link #type()}:
 *
 * <ul>
 *   <li>{@link Type#SUM}, {@link Type#GAUGE}: {@link #value()} is a {@link Long} or a {@link
 *       Double}; the histogram fields are {@code 0}/{@code null}/empty.
 *   <li>{@link Type#HISTOGRAM}: {@link #count()}, {@link #sum()}, {@link #min()}, {@link #max()},
 *       {@link #explicitBounds()}, {@link #bucketCounts()}.
 *   <li>{@link Type#EXP_HISTOGRAM}: {@link #count()}, {@link #sum()}, {@link #min()}, {@link
 *       #max()}, {@link #exponential()}.
 *   <li>{@link Type#SUMMARY}: {@link #count()}, {@link #sum()}, {@link #quantiles()}.
 * </ul>
 *
 * <p>Attribute maps use the same Java types as {@link ReceivedSpan#attributes()}.
 *
 * @param name metric name
 * @param description metric description, {@code ""} when none
 * @param unit metric unit, {@code ""} when none
 * @param type the metric's data kind
 * @param monotonic for {@link Type#SUM}, whether the sum is monotonic; {@code false} otherwise
 * @param temporality aggregation temporality ({@link Temporality#UNSPECIFIED} for gauges and
 *     summaries)
 * @param attributes the data point's attributes
 * @param startEpochNanos start of the point's time window, epoch nanoseconds ({@code 0} if unset)
 * @param epochNanos the point's timestamp, epoch nanoseconds
 * @param value the number of a sum or gauge point ({@link Long} or {@link Double}), otherwise
 *     {@code null}
 * @param count number of recorded measurements of a histogram or summary point, otherwise {@code 0}
 * @param sum sum of recorded measurements, {@code null} when not sent or not applicable
 * @param min minimum recorded measurement, {@code null} when not sent or not applicable
 * @param max maximum recorded measurement, {@code null} when not sent or not applicable
 * @param explicitBounds bucket boundaries of an explicit-bucket histogram, otherwise empty
 * @param bucketCounts bucket counts of an explicit-bucket histogram ({@code explicitBounds().size()
 *     + 1} entries), otherwise empty
 * @param exponential buckets of an exponential histogram, otherwise {@code null}
 * @param quantiles quantile → value of a summary point in the order sent, otherwise empty
 * @param resourceAttributes attributes of the metric's resource
 * @param scopeName instrumentation scope name
 * @param scopeVersion instrumentation scope version, {@code ""} when none
 * @param transport the transport that delivered the point
 * @param exportSequence number of the export request that carried the point; increases with each
 *     request the receiver gets, so points of one collection share it
 * @param exemplars a histogram point's exemplars (trace and span ids of sampled recordings); empty otherwise
 */
public record ReceivedMetric(
    String name,
    String description,
    String unit,
    Type type,
    boolean monotonic,
    Temporality temporality,
    Map<String, Object> attributes,
    long startEpochNanos,
    long epochNanos,
    Number value,
    long count,
    Double sum,
    Double min,
    Double max,
    List<Double> explicitBounds,
    List<Long> bucketCounts,
    ExponentialBuckets exponential,
    Map<Double, Double> quantiles,
    Map<String, Object> resourceAttributes,
    String scopeName,
    String scopeVersion,
    Transport transport,
    long exportSequence,
    List<Exemplar> exemplars) {

  /** A point without exemplars. */
  public ReceivedMetric(String name, String description, String unit, Type type, boolean monotonic,
      Temporality temporality, Map<String, Object> attributes, long startEpochNanos, long epochNanos, Number value,
      long count, Double sum, Double min, Double max, List<Double> explicitBounds, List<Long> bucketCounts,
      ExponentialBuckets exponential, Map<Double, Double> quantiles, Map<String, Object> resourceAttributes,
      String scopeName, String scopeVersion, Transport transport, long exportSequence) {
    this(name, description, unit, type, monotonic, temporality, attributes, startEpochNanos, epochNanos, value, count,
        sum, min, max, explicitBounds, bucketCounts, exponential, quantiles, resourceAttributes, scopeName,
        scopeVersion, transport, exportSequence, List.of());
  }

  /**
   * One exemplar of a point.
   *
   * @param value the recorded value
   * @param epochNanos when it was recorded
   * @param traceId 32 hex characters, {@code ""} when none
   * @param spanId 16 hex characters, {@code ""} when none
   */
  public record Exemplar(double value, long epochNanos, String traceId, String spanId) {}

  /** The OTLP metric data kind. */
  public enum Type {
    /** A sum (counter or up-down counter). */
    SUM,
    /** A gauge. */
    GAUGE,
    /** An explicit-bucket histogram. */
    HISTOGRAM,
    /** An exponential (base-2) histogram. */
    EXP_HISTOGRAM,
    /** A summary with quantiles. */
    SUMMARY
  }

  /** The OTLP aggregation temporality. */
  public enum Temporality {
    /** Not set (gauges, summaries). */
    UNSPECIFIED,
    /** Each point covers the interval since the previous export. */
    DELTA,
    /** Each point covers the interval since the start of the series. */
    CUMULATIVE
  }

  /**
   * Buckets of an exponential histogram point. Bucket {@code i} of a range covers
   * {@code (base^(offset+i), base^(offset+i+1)]} with {@code base = 2^(2^-scale)}.
   *
   * @param scale resolution of the buckets
   * @param zeroCount number of measurements in the zero bucket
   * @param zeroThreshold width of the zero bucket
   * @param positiveOffset bucket index of the first positive count
   * @param positiveCounts counts of the positive buckets
   * @param negativeOffset bucket index of the first negative count
   * @param negativeCounts counts of the negative buckets
   */
  public record ExponentialBuckets(
      int scale,
      long zeroCount,
      double zeroThreshold,
      int positiveOffset,
      List<Long> positiveCounts,
      int negativeOffset,
      List<Long> negativeCounts) {}

  /** The value of point attribute {@code key}, or {@code null} when absent. */
  public Object attribute(String key) {
    return attributes.get(key);
  }

  /**
   * The value of a sum or gauge point sent as an integer.
   *
   * @throws IllegalStateException if the point carries no integer value
   */
  public long longValue() {
    if (value instanceof Long l) {
      return l;
    }
    throw new IllegalStateException(
        "metric " + name + " (" + type + ") has no integer value: " + value);
  }

  /**
   * The value of a sum or gauge point as a double (integer values are widened).
   *
   * @throws IllegalStateException if the point is a histogram or summary
   */
  public double doubleValue() {
    if (value == null) {
      throw new IllegalStateException("metric " + name + " (" + type + ") has no single value");
    }
    return value.doubleValue();
  }
}
