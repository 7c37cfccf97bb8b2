package io.pixtrace.testing.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.util.CertificateUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * OTLP/HTTP server on the JDK's {@code com.sun.net.httpserver}: binary protobuf bodies posted to
 * {@code /v1/traces}, {@code /v1/metrics} and {@code /v1/logs}, gzip when {@code
 * Content-Encoding: gzip}.
 */
final class HttpTransport implements AutoCloseable {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpTransport(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static HttpTransport start(OtlpReceiver receiver, int port, OtlpReceiver.TlsFiles tls)
      throws IOException {
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getByName(OtlpReceiver.HOST), port);
    HttpServer server;
    try {
      if (tls == null) {
        server = HttpServer.create(address, 0);
      } else {
        HttpsServer https = HttpsServer.create(address, 0);
        SSLContext context = sslContext(tls);
        boolean mutual = tls.clientCa() != null;
        https.setHttpsConfigurator(
            new HttpsConfigurator(context) {
              @Override
              public void configure(HttpsParameters params) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(mutual);
                params.setSSLParameters(ssl);
              }
            });
        server = https;
      }
    } catch (IOException e) {
      throw new IOException("cannot bind OTLP/HTTP on " + address + ": " + e.getMessage(), e);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "otlp-receiver-http-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(receiver, exchange));
    server.start();
    return new HttpTransport(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void handle(OtlpReceiver receiver, HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Signal signal = null;
      for (Signal s : Signal.values()) {
        if (s.httpPath().equals(path)) {
          signal = s;
        }
      }
      if (signal == null) {
        text(exchange, 404, "not an OTLP path: " + path);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        text(exchange, 405, "OTLP/HTTP needs POST");
        return;
      }
      String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
      if (!PROTOBUF.equals(contentType)) {
        text(exchange, 415, "only " + PROTOBUF + " is supported, got " + contentType);
        return;
      }
      byte[] body;
      try (InputStream in = decoded(exchange)) {
        if (in == null) {
          text(exchange, 415, "unsupported Content-Encoding");
          return;
        }
        body = in.readAllBytes();
      } catch (ZipException e) {
        text(exchange, 400, "bad gzip body: " + e.getMessage());
        return;
      }
      Map<String, List<String>> headers = headers(exchange.getRequestHeaders());
      boolean accepted;
      MessageLite response;
      try {
        switch (signal) {
          case TRACES:
            accepted =
                receiver.receiveTraces(
                    ExportTraceServiceRequest.parseFrom(body), Transport.HTTP, headers);
            response = ExportTraceServiceResponse.getDefaultInstance();
            break;
          case METRICS:
            accepted =
                receiver.receiveMetrics(
                    ExportMetricsServiceRequest.parseFrom(body), Transport.HTTP, headers);
            response = ExportMetricsServiceResponse.getDefaultInstance();
            break;
          default:
            accepted =
                receiver.receiveLogs(
                    ExportLogsServiceRequest.parseFrom(body), Transport.HTTP, headers);
            response = ExportLogsServiceResponse.getDefaultInstance();
            break;
        }
      } catch (InvalidProtocolBufferException e) {
        text(exchange, 400, "cannot decode " + signal + " request: " + e.getMessage());
        return;
      }
      if (accepted) {
        send(exchange, 200, PROTOBUF, response.toByteArray());
      } else {
        com.google.rpc.Status status =
            com.google.rpc.Status.newBuilder()
                .setCode(io.grpc.Status.Code.UNAVAILABLE.value())
                .setMessage("otlp-receiver: failure injected by the test")
                .build();
        send(exchange, 503, PROTOBUF, status.toByteArray());
      }
    } catch (IOException | RuntimeException e) {
      // The client may have gone away; answer if we still can, the exchange is closed either way.
      try {
        text(exchange, 500, "otlp-receiver error: " + e);
      } catch (IOException | RuntimeException ignored) {
        // Response already started or connection closed.
      }
    }
  }

  /** The request body, un-gzipped if needed; null for an unsupported encoding. */
  private static InputStream decoded(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream raw = exchange.getRequestBody();
    if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
      return raw;
    }
    if (encoding.trim().equalsIgnoreCase("gzip")) {
      return new GZIPInputStream(raw);
    }
    return null;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private static Map<String, List<String>> headers(Headers headers) {
    Map<String, List<String>> map = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      map.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .addAll(e.getValue());
    }
    map.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(map);
  }

  private static void text(HttpExchange exchange, int code, String message) throws IOException {
    send(exchange, code, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int code, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static SSLContext sslContext(OtlpReceiver.TlsFiles tls) throws IOException {
    try {
      PrivateKey key;
      try (InputStream in = Files.newInputStream(tls.privateKey())) {
        key = CertificateUtils.getPrivateKey(in);
      }
      X509Certificate[] chain;
      try (InputStream in = Files.newInputStream(tls.certChain())) {
        chain = CertificateUtils.getX509Certificates(in);
      }
      char[] password = new char[0];
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", key, password, chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);

      TrustManagerFactory tmf = null;
      if (tls.clientCa() != null) {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        X509Certificate[] cas;
        try (InputStream in = Files.newInputStream(tls.clientCa())) {
          cas = CertificateUtils.getX509Certificates(in);
        }
        for (int i = 0; i < cas.length; i++) {
          trusted.setCertificateEntry("ca-" + i, cas[i]);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load TLS material: " + e.getMessage(), e);
    }
  }
}
