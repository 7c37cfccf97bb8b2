package io.pixtrace.agent.sdk;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessorBuilder;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pixtrace.agent.config.Settings;
import io.pixtrace.bootstrap.AgentLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one SDK build adds to the OTLP export that autoconfiguration sets up, through its
 * customizer hooks (called in this order: metric exporter, meter provider, span exporter, span
 * processor, tracer provider, log exporter, log processor):
 *
 * <ul>
 *   <li>every OTLP exporter gets the connect timeout and the TLS material ({@link ExporterTls});
 *   <li>with several collectors in {@code IMGPROXY_OPEN_TELEMETRY_ENDPOINT}, each further
 *       collector gets a copy of the configured exporter ({@code toBuilder().setEndpoint(...)},
 *       so the same protocol, TLS, headers, compression and timeouts) with its own batch
 *       processor or metric reader: a slow collector never holds back the others;
 *   <li>the span and log batch processors get {@link ExportQueues} in front of them (LOSSY and
 *       the {@code pixtrace.export.dropped} count);
 *   <li>{@code TRACE_ID_GENERATOR=xray} sets the {@link XrayIdGenerator};
 *   <li>{@code TAIL_SAMPLING_RATIO} puts {@link TailSampling} around every exporting span processor.
 * </ul>
 */
final class ExportPipeline {
  /** The SDK's defaults for what autoconfiguration leaves unset (BatchSpanProcessorBuilder, ...). */
  private static final int DEFAULT_MAX_QUEUE_SIZE = 2048;
  private static final Duration DEFAULT_BSP_DELAY = Duration.ofSeconds(5);
  private static final Duration DEFAULT_BLRP_DELAY = Duration.ofSeconds(1);
  private static final Duration DEFAULT_METRIC_INTERVAL = Duration.ofMinutes(1);

  private final Settings settings;
  private final ExporterTls tls;
  final DroppedItems dropped = new DroppedItems();
  /** Tail sampling around every exporting span processor, or {@code null} when off (the default). */
  private final TailSampling tail;
  private boolean plaintextNoted;

  private SpanExporter spanOtlp;
  private ExportQueues spanQueues;
  private boolean spanLanesBuilt;
  private MetricExporter metricOtlp;
  private LogRecordExporter logOtlp;
  private ExportQueues logQueues;
  private boolean logLanesBuilt;

  /**
   * One OTLP exporter built, for {@code check}'s empty export: the signal ({@code traces},
   * {@code metrics}, {@code logs}), the collector's {@code host:port}, and the exporter (a
   * {@link SpanExporter}, {@link MetricExporter} or {@link LogRecordExporter}).
   */
  record RoundTrip(String signal, String collector, Object exporter) {
    /** Sends the collector an export request with no items. */
    CompletableResultCode emptyExport() {
      if (exporter instanceof SpanExporter spans) {
        return spans.export(List.of());
      }
      if (exporter instanceof MetricExporter metrics) {
        return metrics.export(List.of());
      }
      return ((LogRecordExporter) exporter).export(List.of());
    }
  }

  private final List<RoundTrip> roundTrips = new ArrayList<>();

  /** One empty export per OTLP exporter built, in the order they were built. */
  List<RoundTrip> roundTrips() {
    return List.copyOf(roundTrips);
  }

  ExportPipeline(Settings settings) {
    this.settings = settings;
    this.tls = new ExporterTls(settings);
    this.tail = settings.tailSamplingRatio() == null ? null
        : new TailSampling(settings.tailSamplingRatio(), settings.tailSamplingSlow(), settings.tailSamplingRateLimit());
  }

  // ------------------------------------------------------------------ traces

  SpanExporter spanExporter(SpanExporter exporter, ConfigProperties config) {
    SpanExporter configured;
    boolean useTls = useTls(config, "traces");
    if (exporter instanceof OtlpGrpcSpanExporter) {
      var b = ((OtlpGrpcSpanExporter) exporter).toBuilder().setConnectTimeout(settings.connectionTimeout());
      if (useTls) {
        tls.apply(b::setTrustedCertificates, b::setClientTls);
      }
      configured = b.build();
    } else if (exporter instanceof OtlpHttpSpanExporter) {
      var b = ((OtlpHttpSpanExporter) exporter).toBuilder().setConnectTimeout(settings.connectionTimeout());
      if (useTls) {
        tls.apply(b::setTrustedCertificates, b::setClientTls);
      }
      configured = b.build();
    } else {
      return exporter;
    }
    shutdownQuietly(exporter::shutdown);
    spanOtlp = configured;
    roundTrips.add(new RoundTrip("traces", collectorName(config, "traces"), configured));
    spanQueues = queues("traces", config, "otel.bsp.", DEFAULT_BSP_DELAY);
    return CountingExporters.spans(configured, spanQueues, 0);
  }

  /** Puts the queues in front of the batch processor that holds the OTLP exporter, adds the other collectors'. */
  SpanProcessor spanProcessor(SpanProcessor processor, ConfigProperties config) {
    SpanProcessor lanes = lanes(processor, config);
    return tail == null ? lanes : tail.wrap(lanes);
  }

  private SpanProcessor lanes(SpanProcessor processor, ConfigProperties config) {
    if (spanQueues == null || spanLanesBuilt || !(processor instanceof BatchSpanProcessor)) {
      return processor;
    }
    spanLanesBuilt = true;
    List<SpanProcessor> batches = new ArrayList<>();
    batches.add(processor);
    for (String url : extraEndpoints(config, spanOtlp instanceof OtlpHttpSpanExporter ? "/v1/traces" : "")) {
      SpanExporter copy = spanOtlp instanceof OtlpGrpcSpanExporter
          ? ((OtlpGrpcSpanExporter) spanOtlp).toBuilder().setEndpoint(url).build()
          : ((OtlpHttpSpanExporter) spanOtlp).toBuilder().setEndpoint(url).build();
      roundTrips.add(new RoundTrip("traces", URI.create(url).getAuthority(), copy));
      batches.add(batchSpans(config, CountingExporters.spans(copy, spanQueues, batches.size())));
    }
    return GatedProcessors.spans(spanQueues, batches);
  }

  SdkTracerProviderBuilder tracerProvider(SdkTracerProviderBuilder builder, ConfigProperties config) {
    return settings.xrayIds() ? builder.setIdGenerator(new XrayIdGenerator()) : builder;
  }

  /** As autoconfiguration builds its batch span processor from {@code otel.bsp.*}. */
  private static BatchSpanProcessor batchSpans(ConfigProperties config, SpanExporter exporter) {
    BatchSpanProcessorBuilder b = BatchSpanProcessor.builder(exporter);
    Duration delay = config.getDuration("otel.bsp.schedule.delay");
    if (delay != null) {
      b.setScheduleDelay(delay);
    }
    Integer queue = config.getInt("otel.bsp.max.queue.size");
    if (queue != null) {
      b.setMaxQueueSize(queue);
    }
    Integer batch = config.getInt("otel.bsp.max.export.batch.size");
    if (batch != null) {
      b.setMaxExportBatchSize(batch);
    }
    Duration timeout = config.getDuration("otel.bsp.export.timeout");
    if (timeout != null) {
      b.setExporterTimeout(timeout);
    }
    return b.build();
  }

  // ------------------------------------------------------------------ metrics

  MetricExporter metricExporter(MetricExporter exporter, ConfigProperties config) {
    MetricExporter configured;
    boolean useTls = useTls(config, "metrics");
    if (exporter instanceof OtlpGrpcMetricExporter) {
      var b = ((OtlpGrpcMetricExporter) exporter).toBuilder().setConnectTimeout(settings.connectionTimeout());
      if (useTls) {
        tls.apply(b::setTrustedCertificates, b::setClientTls);
      }
      configured = b.build();
    } else if (exporter instanceof OtlpHttpMetricExporter) {
      var b = ((OtlpHttpMetricExporter) exporter).toBuilder().setConnectTimeout(settings.connectionTimeout());
      if (useTls) {
        tls.apply(b::setTrustedCertificates, b::setClientTls);
      }
      configured = b.build();
    } else {
      return exporter;
    }
    shutdownQuietly(exporter::shutdown);
    metricOtlp = configured;
    roundTrips.add(new RoundTrip("metrics", collectorName(config, "metrics"), configured));
    return configured;
  }

  /** One more periodic reader per further collector, as autoconfiguration builds its own. */
  SdkMeterProviderBuilder meterProvider(SdkMeterProviderBuilder builder, ConfigProperties config) {
    if (metricOtlp == null) {
      return builder;
    }
    Duration interval = config.getDuration("otel.metric.export.interval", DEFAULT_METRIC_INTERVAL);
    Integer limit = config.getInt("otel.java.metrics.cardinality.limit");
    for (String url : extraEndpoints(config, metricOtlp instanceof OtlpHttpMetricExporter ? "/v1/metrics" : "")) {
      MetricExporter copy = metricOtlp instanceof OtlpGrpcMetricExporter
          ? ((OtlpGrpcMetricExporter) metricOtlp).toBuilder().setEndpoint(url).build()
          : ((OtlpHttpMetricExporter) metricOtlp).toBuilder().setEndpoint(url).build();
      roundTrips.add(new RoundTrip("metrics", URI.create(url).getAuthority(), copy));
      PeriodicMetricReader reader = PeriodicMetricReader.builder(copy).setInterval(interval).build();
      if (limit != null) {
        int l = limit;
        builder.registerMetricReader(reader, type -> l);
      } else {
        builder.registerMetricReader(reader);
      }
    }
    return builder;
  }

  // ------------------------------------------------------------------ logs

  LogRecordExporter logExporter(LogRecordExporter exporter, ConfigProperties config) {
    LogRecordExporter configured;
    boolean useTls = useTls(config, "logs");
    if (exporter instanceof OtlpGrpcLogRecordExporter) {
      var b = ((OtlpGrpcLogRecordExporter) exporter).toBuilder().setConnectTimeout(settings.connectionTimeout());
      if (useTls) {
        tls.apply(b::setTrustedCertificates, b::setClientTls);
      }
      configured = b.build();
    } else if (exporter instanceof OtlpHttpLogRecordExporter) {
      var b = ((OtlpHttpLogRecordExporter) exporter).toBuilder().setConnectTimeout(settings.connectionTimeout());
      if (useTls) {
        tls.apply(b::setTrustedCertificates, b::setClientTls);
      }
      configured = b.build();
    } else {
      return exporter;
    }
    shutdownQuietly(exporter::shutdown);
    logOtlp = configured;
    roundTrips.add(new RoundTrip("logs", collectorName(config, "logs"), configured));
    logQueues = queues("logs", config, "otel.blrp.", DEFAULT_BLRP_DELAY);
    return CountingExporters.logs(configured, logQueues, 0);
  }

  LogRecordProcessor logProcessor(LogRecordProcessor processor, ConfigProperties config) {
    if (logQueues == null || logLanesBuilt || !(processor instanceof BatchLogRecordProcessor)) {
      return processor;
    }
    logLanesBuilt = true;
    List<LogRecordProcessor> batches = new ArrayList<>();
    batches.add(processor);
    for (String url : extraEndpoints(config, logOtlp instanceof OtlpHttpLogRecordExporter ? "/v1/logs" : "")) {
      LogRecordExporter copy = logOtlp instanceof OtlpGrpcLogRecordExporter
          ? ((OtlpGrpcLogRecordExporter) logOtlp).toBuilder().setEndpoint(url).build()
          : ((OtlpHttpLogRecordExporter) logOtlp).toBuilder().setEndpoint(url).build();
      roundTrips.add(new RoundTrip("logs", URI.create(url).getAuthority(), copy));
      batches.add(batchLogs(config, CountingExporters.logs(copy, logQueues, batches.size())));
    }
    return GatedProcessors.logs(logQueues, batches);
  }

  /** As autoconfiguration builds its batch log record processor from {@code otel.blrp.*}. */
  private static BatchLogRecordProcessor batchLogs(ConfigProperties config, LogRecordExporter exporter) {
    BatchLogRecordProcessorBuilder b = BatchLogRecordProcessor.builder(exporter);
    Duration delay = config.getDuration("otel.blrp.schedule.delay");
    if (delay != null) {
      b.setScheduleDelay(delay);
    }
    Integer queue = config.getInt("otel.blrp.max.queue.size");
    if (queue != null) {
      b.setMaxQueueSize(queue);
    }
    Integer batch = config.getInt("otel.blrp.max.export.batch.size");
    if (batch != null) {
      b.setMaxExportBatchSize(batch);
    }
    Duration timeout = config.getDuration("otel.blrp.export.timeout");
    if (timeout != null) {
      b.setExporterTimeout(timeout);
    }
    return b.build();
  }

  // ------------------------------------------------------------------ shared

  /** Starts reporting {@code pixtrace.export.dropped} (and the tail sampling decisions) once the SDK is built. */
  void registerMetrics(MeterProvider meters) {
    dropped.register(meters);
    if (tail != null) {
      tail.observe(meters.get("io.pixtrace"));
    }
  }

  /**
   * Queues for one signal: one lane per collector, as large as the batch processors' queues;
   * the queue-full timeout (LOSSY=false) is the batch delay, the time in which a working
   * exporter takes a batch off the queue.
   */
  private ExportQueues queues(String signal, ConfigProperties config, String prefix, Duration defaultDelay) {
    List<String> collectors = new ArrayList<>();
    collectors.add(collectorName(config, signal));
    for (String url : extraEndpoints(config, "")) {
      collectors.add(URI.create(url).getAuthority());
    }
    dropped.track(signal);
    return new ExportQueues(signal, collectors, config.getInt(prefix + "max.queue.size", DEFAULT_MAX_QUEUE_SIZE),
        settings.lossy(), config.getDuration(prefix + "schedule.delay", defaultDelay), dropped);
  }

  /**
   * The base URLs ({@code scheme://host:port} + {@code path}) of the collectors after the first
   * in {@code IMGPROXY_OPEN_TELEMETRY_ENDPOINT}, with the first one's scheme; none unless that
   * first collector is the one the SDK exports to.
   */
  private List<String> extraEndpoints(ConfigProperties config, String path) {
    List<String> endpoints = settings.endpoints();
    String primary = config.getString("otel.exporter.otlp.endpoint");
    if (endpoints.size() < 2 || primary == null || !primary.endsWith("://" + endpoints.get(0))) {
      return List.of();
    }
    String scheme = primary.substring(0, primary.indexOf("://"));
    List<String> urls = new ArrayList<>();
    for (String e : endpoints.subList(1, endpoints.size())) {
      urls.add(scheme + "://" + e + path);
    }
    return urls;
  }

  /** {@code host:port} of the signal's collector, for log lines (never credentials or paths). */
  private static String collectorName(ConfigProperties config, String signal) {
    try {
      URI uri = URI.create(endpoint(config, signal));
      return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (RuntimeException e) {
      return "otlp";
    }
  }

  private static String endpoint(ConfigProperties config, String signal) {
    String specific = config.getString("otel.exporter.otlp." + signal + ".endpoint");
    String generic = config.getString("otel.exporter.otlp.endpoint");
    String protocol = config.getString("otel.exporter.otlp." + signal + ".protocol",
        config.getString("otel.exporter.otlp.protocol", "grpc"));
    return specific != null ? specific : generic != null ? generic
        : "grpc".equals(protocol) ? "http://localhost:4317" : "http://localhost:4318";
  }

  /**
   * Whether the signal's collector connection is TLS ({@code https://}), so that the TLS
   * variables apply. Over plaintext (PROTOCOL=http, or grpc with GRPC_INSECURE=true and no
   * SERVER_CERT) they are not used, as imgproxy documents; one line says so.
   */
  private boolean useTls(ConfigProperties config, String signal) {
    boolean https = endpoint(config, signal).toLowerCase(Locale.ROOT).startsWith("https://");
    if (!https && tls.configured() && !plaintextNoted) {
      plaintextNoted = true;
      AgentLog.info("configuration: IMGPROXY_OPEN_TELEMETRY_SERVER_CERT / _CLIENT_CERT / _CLIENT_KEY are not used:"
          + " the collector connection is plaintext (PROTOCOL=http, or grpc with GRPC_INSECURE=true and no SERVER_CERT)");
    }
    return https;
  }

  private static void shutdownQuietly(Runnable shutdown) {
    try {
      shutdown.run();
    } catch (RuntimeException ignored) {
      // The replaced exporter never sent anything; failing to close it changes nothing.
    }
  }
}
