package io.pixtrace.agent.sdk;

import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The OTLP exporters' senders (the SDK's {@code GrpcSenderProvider} and
 * {@code HttpSenderProvider} services; the agent jar lists only these), which create the SDK's
 * OkHttp sender from the exporter's own sender configuration at the first export instead of when
 * the exporter is built. Building it at start loaded OkHttp and its HTTP/2 stack (about 200
 * classes) and cost the host's start-up about 100 ms of CPU, for an export that comes seconds
 * later on the batch processor's or metric reader's thread (docs/benchmarks.md). What is sent,
 * where, with which TLS, headers, timeouts and retries is the OkHttp sender's, unchanged.
 */
public final class LazySenders {
  private LazySenders() {}

  /** gRPC: the OkHttp gRPC sender, created at the first {@code send}. */
  public static final class Grpc implements GrpcSenderProvider {
    /** Creates the sender for one exporter; nothing is connected or loaded yet. */
    @Override
    public GrpcSender createSender(GrpcSenderConfig config) {
      return new LazyGrpc(config);
    }
  }

  /** OTLP over HTTP: the OkHttp HTTP sender, created at the first {@code send}. */
  public static final class Http implements HttpSenderProvider {
    /** Creates the sender for one exporter; nothing is connected or loaded yet. */
    @Override
    public HttpSender createSender(HttpSenderConfig config) {
      return new LazyHttp(config);
    }
  }

  /**
   * The sender created at the first use, once, by {@link #create}; a sender never used has
   * nothing to shut down.
   */
  private abstract static class Lazy<S> {
    private S sender;

    abstract S create();

    final synchronized S sender() {
      if (sender == null) {
        sender = create();
      }
      return sender;
    }

    /** {@code shutdown} of the sender if it was created, else success at once. */
    final CompletableResultCode shutdown(Function<S, CompletableResultCode> shutdown) {
      S s;
      synchronized (this) {
        s = sender;
      }
      return s == null ? CompletableResultCode.ofSuccess() : shutdown.apply(s);
    }
  }

  private static final class LazyGrpc extends Lazy<GrpcSender> implements GrpcSender {
    private final GrpcSenderConfig config;

    LazyGrpc(GrpcSenderConfig config) {
      this.config = config;
    }

    @Override
    GrpcSender create() {
      return new OkHttpGrpcSenderProvider().createSender(config);
    }

    @Override
    public void send(MessageWriter request, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
      sender().send(request, onResponse, onError);
    }

    @Override
    public CompletableResultCode shutdown() {
      return shutdown(GrpcSender::shutdown);
    }
  }

  private static final class LazyHttp extends Lazy<HttpSender> implements HttpSender {
    private final HttpSenderConfig config;

    LazyHttp(HttpSenderConfig config) {
      this.config = config;
    }

    @Override
    HttpSender create() {
      return new OkHttpHttpSenderProvider().createSender(config);
    }

    @Override
    public void send(MessageWriter request, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
      sender().send(request, onResponse, onError);
    }

    @Override
    public CompletableResultCode shutdown() {
      return shutdown(HttpSender::shutdown);
    }
  }
}
