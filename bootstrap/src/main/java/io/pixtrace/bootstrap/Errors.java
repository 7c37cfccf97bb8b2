package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a stage marks a span as failed: status ERROR, an {@code exception} event, and
 * {@code error.type} set to one of imgproxy's error categories ({@code timeout, queue,
 * download, processing, IO}; docs/telemetry.md, "Error categories").
 */
final class Errors {
  static final String TIMEOUT = "timeout";
  static final String QUEUE = "queue";
  static final String DOWNLOAD = "download";
  static final String PROCESSING = "processing";
  static final String IO = "IO";

  private Errors() {}

  /** Marks the span failed by a thrown exception. */
  static void fail(Span span, String category, Throwable error) {
    span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    span.setAttribute(ErrorAttributes.ERROR_TYPE, category);
    span.recordException(error);
  }

  /**
   * Marks the span failed without a Java exception (an HTTP error status, a libvips error):
   * the {@code exception} event carries the category as its type and the message.
   */
  static void fail(Span span, String category, String message, long epochNanos) {
    span.setStatus(StatusCode.ERROR, message);
    span.setAttribute(ErrorAttributes.ERROR_TYPE, category);
    span.addEvent(
        "exception",
        Attributes.of(
            ExceptionAttributes.EXCEPTION_TYPE, category,
            ExceptionAttributes.EXCEPTION_MESSAGE, message),
        epochNanos,
        java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Unwraps the wrappers futures put around the real cause. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * {@code timeout} for timeout exceptions; else {@code fallback}, or {@code IO} for I/O
   * errors when there is no fallback; else {@code null}.
   */
  static String category(Throwable t, String fallback) {
    for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getSimpleName().contains("Timeout")) {
        return TIMEOUT;
      }
    }
    if (fallback != null) {
      return fallback;
    }
    return t instanceof IOException ? IO : null;
  }

  static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;
}
