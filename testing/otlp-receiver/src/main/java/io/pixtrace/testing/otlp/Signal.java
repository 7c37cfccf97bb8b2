package io.pixtrace.testing.otlp;

/** The three OTLP signals the receiver accepts. */
public enum Signal {
  /** Spans: gRPC {@code TraceService/Export}, HTTP {@code POST /v1/traces}. */
  TRACES("traces", "/v1/traces"),
  /** Metric data points: gRPC {@code MetricsService/Export}, HTTP {@code POST /v1/metrics}. */
  METRICS("metrics", "/v1/metrics"),
  /** Log records: gRPC {@code LogsService/Export}, HTTP {@code POST /v1/logs}. */
  LOGS("logs", "/v1/logs");

  private final String label;
  private final String httpPath;

  Signal(String label, String httpPath) {
    this.label = label;
    this.httpPath = httpPath;
  }

  /** Lower-case name used in output lines, e.g. {@code "traces"}. */
  public String label() {
    return label;
  }

  /** The OTLP/HTTP request path for this signal, e.g. {@code "/v1/traces"}. */
  public String httpPath() {
    return httpPath;
  }

  @Override
  public String toString() {
    return label;
  }
}
