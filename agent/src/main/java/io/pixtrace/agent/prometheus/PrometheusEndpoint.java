package io.pixtrace.agent.prometheus;

import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.instrumentation.api.Layer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;

/**
 * The Prometheus pull endpoint ({@code IMGPROXY_PROMETHEUS_BIND}, ivatar's
 * {@code OTEL_PROMETHEUS_ENDPOINT}): serves {@code /metrics} in the Prometheus text format,
 * every name prefixed with {@code IMGPROXY_PROMETHEUS_NAMESPACE} when set. Runs beside OTLP
 * push when both are configured.
 *
 * <p>Built from the exporter's {@link PrometheusMetricReader} (an SDK metric reader and a
 * Prometheus {@code MultiCollector}: it does the OpenTelemetry → Prometheus conversion) and
 * prometheus-metrics' text format writer, served by {@link MetricsServer} on a daemon
 * thread, so the endpoint never keeps the host's JVM alive. Neither the exporter's own
 * {@code PrometheusHttpServer} (it cannot prefix names) nor any {@code com.sun.net.httpserver}
 * server is used: that one's configuration is the host's (see {@link MetricsServer}).
 */
public final class PrometheusEndpoint {
  private PrometheusEndpoint() {}

  /**
   * Starts the endpoint and registers its metric reader when a bind address is configured.
   * When the server cannot start (port in use, unknown host) one line says so and the
   * builder is returned unchanged: the endpoint is off, the rest of the agent runs.
   */
  public static SdkMeterProviderBuilder register(SdkMeterProviderBuilder builder, Settings settings) {
    String bind = settings.prometheusBind();
    if (bind == null) {
      return builder;
    }
    String variable = variable(bind, settings.variablesRead());
    try {
      Served served = start(address(bind), settings.prometheusNamespace(), PrometheusMetricReader.create(),
          !settings.disabledLayers().contains(Layer.RUNTIME_METRICS));
      builder.registerMetricReader(served);
      String namespace = settings.prometheusNamespace();
      AgentLog.info("Prometheus metrics at http://" + bind + MetricsHandler.PATH
          + (namespace == null ? "" : " (names prefixed " + namespace + "_)"));
    } catch (IOException | RuntimeException | LinkageError e) {
      AgentLog.warn(variable + "=\"" + bind + "\" could not be used: " + reason(e) + "; the Prometheus endpoint is off");
    }
    return builder;
  }

  /**
   * Starts the server for {@code reader} at {@code address} (port 0 picks a free one) and
   * returns the reader to register with the SDK; shutting it down stops the server.
   */
  static Served start(InetSocketAddress address, String namespace, PrometheusMetricReader reader,
      boolean processMemory) throws IOException {
    MetricsServer server = new MetricsServer(address, new MetricsHandler(reader, namespace, processMemory));
    return new Served(reader, server);
  }

  /** {@code host:port} (IPv6 hosts in brackets) as a resolved socket address. */
  static InetSocketAddress address(String bind) throws UnknownHostException {
    int colon = bind.lastIndexOf(':');
    String host = bind.substring(0, colon);
    int port = Integer.parseInt(bind.substring(colon + 1));
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new UnknownHostException("unknown host " + host);
    }
    return a;
  }

  /** The variable the bind address came from ({@code env}: the variables the settings read), for log lines. */
  static String variable(String bind, Map<String, String> env) {
    String imgproxy = env.get("IMGPROXY_PROMETHEUS_BIND");
    if (imgproxy == null || imgproxy.isBlank()) {
      String ivatar = env.get("OTEL_PROMETHEUS_ENDPOINT");
      if (ivatar != null && bind.equals(ivatar.trim())) {
        return "OTEL_PROMETHEUS_ENDPOINT";
      }
    }
    return "IMGPROXY_PROMETHEUS_BIND";
  }

  private static String reason(Throwable e) {
    if (e instanceof java.net.BindException) {
      return "the address is in use or not local (" + e.getMessage() + ")";
    }
    if (e instanceof UnknownHostException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * The reader registered with the SDK: the exporter's {@link PrometheusMetricReader}, plus
   * the server that serves it, stopped when the SDK shuts down.
   */
  static final class Served implements MetricReader {
    private final PrometheusMetricReader reader;
    private final MetricsServer server;

    Served(PrometheusMetricReader reader, MetricsServer server) {
      this.reader = Objects.requireNonNull(reader);
      this.server = server;
    }

    /** The address the server listens on (the real port when 0 was asked for). */
    InetSocketAddress address() {
      return server.address();
    }

    @Override
    public void register(CollectionRegistration registration) {
      reader.register(registration);
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return reader.getAggregationTemporality(instrumentType);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
      return reader.getDefaultAggregation(instrumentType);
    }

    @Override
    public MemoryMode getMemoryMode() {
      return reader.getMemoryMode();
    }

    @Override
    public CompletableResultCode forceFlush() {
      return reader.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
      try {
        server.close();
      } catch (IOException e) {
        AgentLog.error("prometheus:server", "could not close the Prometheus endpoint", e);
      }
      return reader.shutdown();
    }

    @Override
    public String toString() {
      return "PixtracePrometheusEndpoint{address=" + server.address() + ", " + reader + "}";
    }
  }
}
