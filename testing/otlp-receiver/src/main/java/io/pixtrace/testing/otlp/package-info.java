/**
 * A loopback OTLP receiver for Pixtrace's integration tests and benchmarks.
 *
 * <p>{@link io.pixtrace.testing.otlp.OtlpReceiver} accepts OTLP/gRPC and OTLP/HTTP (protobuf)
 * exports on 127.0.0.1, decodes them with the official {@code opentelemetry-proto} classes and
 * exposes flat records: {@link io.pixtrace.testing.otlp.ReceivedSpan}, {@link
 * io.pixtrace.testing.otlp.ReceivedMetric}, {@link io.pixtrace.testing.otlp.ReceivedLog} and
 * {@link io.pixtrace.testing.otlp.ExportRequest}.
 */
package io.pixtrace.testing.otlp;
