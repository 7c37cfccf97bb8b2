package io.pixtrace.testing.otlp;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC server: the three collector services, bound through the service stubs shipped in the
 * opentelemetry-proto jar, with an interceptor that hands the request metadata to the handlers.
 */
final class GrpcTransport implements AutoCloseable {

  /** Large enough for big benchmark batches; grpc-java's default is 4 MiB. */
  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private static final Context.Key<Map<String, List<String>>> HEADERS =
      Context.key("pixtrace-otlp-headers");

  private final Server server;

  private GrpcTransport(Server server) {
    this.server = server;
  }

  static GrpcTransport start(OtlpReceiver receiver, int port, OtlpReceiver.TlsFiles tls)
      throws IOException {
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getByName(OtlpReceiver.HOST), port);
    NettyServerBuilder builder =
        tls == null
            ? NettyServerBuilder.forAddress(address)
            : NettyServerBuilder.forAddress(address, credentials(tls));
    ServerInterceptor headers = new HeaderCapture();
    Server server =
        builder
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .addService(ServerInterceptors.intercept(TraceServiceGrpc.bindService(new Traces(receiver)), headers))
            .addService(ServerInterceptors.intercept(MetricsServiceGrpc.bindService(new Metrics(receiver)), headers))
            .addService(ServerInterceptors.intercept(LogsServiceGrpc.bindService(new Logs(receiver)), headers))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new IOException("cannot bind OTLP/gRPC on " + address + ": " + e.getMessage(), e);
    }
    return new GrpcTransport(server);
  }

  private static ServerCredentials credentials(OtlpReceiver.TlsFiles tls) throws IOException {
    TlsServerCredentials.Builder creds =
        TlsServerCredentials.newBuilder()
            .keyManager(tls.certChain().toFile(), tls.privateKey().toFile());
    if (tls.clientCa() != null) {
      creds.trustManager(tls.clientCa().toFile())
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return creds.build();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static <T> void respond(boolean accepted, T response, StreamObserver<T> observer) {
    if (accepted) {
      observer.onNext(response);
      observer.onCompleted();
    } else {
      observer.onError(
          Status.UNAVAILABLE
              .withDescription("otlp-receiver: failure injected by the test")
              .asRuntimeException());
    }
  }

  private static final class Traces implements TraceServiceGrpc.AsyncService {
    private final OtlpReceiver receiver;

    Traces(OtlpReceiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void export(
        ExportTraceServiceRequest request,
        StreamObserver<ExportTraceServiceResponse> responseObserver) {
      respond(
          receiver.receiveTraces(request, Transport.GRPC, HEADERS.get()),
          ExportTraceServiceResponse.getDefaultInstance(),
          responseObserver);
    }
  }

  private static final class Metrics implements MetricsServiceGrpc.AsyncService {
    private final OtlpReceiver receiver;

    Metrics(OtlpReceiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void export(
        ExportMetricsServiceRequest request,
        StreamObserver<ExportMetricsServiceResponse> responseObserver) {
      respond(
          receiver.receiveMetrics(request, Transport.GRPC, HEADERS.get()),
          ExportMetricsServiceResponse.getDefaultInstance(),
          responseObserver);
    }
  }

  private static final class Logs implements LogsServiceGrpc.AsyncService {
    private final OtlpReceiver receiver;

    Logs(OtlpReceiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void export(
        ExportLogsServiceRequest request,
        StreamObserver<ExportLogsServiceResponse> responseObserver) {
      respond(
          receiver.receiveLogs(request, Transport.GRPC, HEADERS.get()),
          ExportLogsServiceResponse.getDefaultInstance(),
          responseObserver);
    }
  }

  /** Copies the call's metadata into the gRPC context so the service handlers can record it. */
  private static final class HeaderCapture implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata metadata, ServerCallHandler<ReqT, RespT> next) {
      Context context = Context.current().withValue(HEADERS, toMap(metadata));
      return Contexts.interceptCall(context, call, metadata, next);
    }
  }

  static Map<String, List<String>> toMap(Metadata metadata) {
    Map<String, List<String>> map = new TreeMap<>();
    for (String key : metadata.keys()) {
      List<String> values = new ArrayList<>();
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        Iterable<byte[]> raw =
            metadata.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER));
        if (raw != null) {
          raw.forEach(v -> values.add(Base64.getEncoder().encodeToString(v)));
        }
      } else {
        Iterable<String> text =
            metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        if (text != null) {
          text.forEach(values::add);
        }
      }
      map.put(key.toLowerCase(Locale.ROOT), Collections.unmodifiableList(values));
    }
    return Collections.unmodifiableMap(map);
  }
}
