package io.pixtrace.agent.prometheus;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Prometheus pull endpoint ({@code IMGPROXY_PROMETHEUS_BIND}, ivatar's
 * {@code OTEL_PROMETHEUS_ENDPOINT}): serves {@code /metrics} in the Prometheus text format,
 * every name prefixed with {@code IMGPROXY_PROMETHEUS_NAMESPACE} when set. Runs beside OTLP
 * push when both are configured.
 *
 * <p>Built from the exporter's {@link PrometheusMetricReader} (an SDK metric reader and a
 * Prometheus {@code MultiCollector}: it does the OpenTelemetry → Prometheus conversion) and
 * prometheus-metrics' text format writer, served by a JDK {@link HttpServer} whose threads
 * are daemons, so the endpoint never keeps the host's JVM alive. The exporter's own
 * {@code PrometheusHttpServer} is not used because it cannot prefix names.
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
    // The endpoint starts while the SDK is built, before the class transformations are
    // installed. Creating a server loads com.sun.net.httpserver.Filter and its nested
    // classes; describing those during the installation loads Filter$Chain (the class the
    // server instrumentation needs) inside Byte Buddy's own class loading, where it is not
    // transformed, and after the list of classes to retransform was taken: the host's
    // server would then go untraced. Loaded now, it is retransformed like any loaded class.
    Filter.Chain.class.getName();
    MetricsHandler handler = new MetricsHandler(reader, namespace, processMemory);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "pixtrace-prometheus");
      t.setDaemon(true);
      return t;
    });
    // HttpServer.start() makes its dispatcher thread in the calling thread's image; started
    // from a daemon thread, the dispatcher is a daemon too.
    AtomicReference<Object> result = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        result.set(server);
      } catch (Throwable e) {
        result.set(e);
      }
    }, "pixtrace-prometheus-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
      throw new IOException("interrupted while starting", e);
    }
    Object r = result.get();
    if (!(r instanceof HttpServer)) {
      executor.shutdownNow();
      if (r instanceof IOException) {
        throw (IOException) r;
      }
      if (r instanceof RuntimeException) {
        throw (RuntimeException) r;
      }
      throw new IOException(String.valueOf(r), (Throwable) r);
    }
    return new Served(reader, (HttpServer) r, executor);
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
    private final HttpServer server;
    private final ExecutorService executor;

    Served(PrometheusMetricReader reader, HttpServer server, ExecutorService executor) {
      this.reader = Objects.requireNonNull(reader);
      this.server = server;
      this.executor = executor;
    }

    /** The address the server listens on (the real port when 0 was asked for). */
    InetSocketAddress address() {
      return server.getAddress();
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
      server.stop(0);
      executor.shutdownNow();
      return reader.shutdown();
    }

    @Override
    public String toString() {
      return "PixtracePrometheusEndpoint{address=" + server.getAddress() + ", " + reader + "}";
    }
  }
}
