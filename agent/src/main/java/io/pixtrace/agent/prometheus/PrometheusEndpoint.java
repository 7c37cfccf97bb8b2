package io.pixtrace.agent.prometheus;

import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.pixtrace.agent.config.Settings;

/**
 * The Prometheus pull endpoint ({@code IMGPROXY_PROMETHEUS_BIND}, ivatar's
 * {@code OTEL_PROMETHEUS_ENDPOINT}): serves {@code /metrics} in the Prometheus text format,
 * every name prefixed with {@code IMGPROXY_PROMETHEUS_NAMESPACE} when set. Runs beside OTLP
 * push when both are configured.
 */
public final class PrometheusEndpoint {
  private PrometheusEndpoint() {}

  /** Registers the endpoint's metric reader when a bind address is configured. */
  public static SdkMeterProviderBuilder register(SdkMeterProviderBuilder builder, Settings settings) {
    if (settings.prometheusBind() == null) {
      return builder;
    }
    // Not built yet: see docs/configuration.md "Not yet".
    return builder;
  }
}
