package io.pixtrace.it.otelapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeMap;

/**
 * A service that uses its own OpenTelemetry API (whatever 1.x is on its class path) as
 * application code does: {@code /current} adds an attribute and an event to
 * {@code Span.current()}; {@code /tracer} wraps a download in a span of
 * {@code GlobalOpenTelemetry.getTracer("host-code")}; {@code /inject} answers the headers
 * {@code GlobalOpenTelemetry.getPropagators()} writes for the current context; {@code /own-sdk}
 * makes a span with an SDK of its own, whose exporter prints {@code own-sdk exported <name>
 * <traceId> <parentSpanId>}. The first argument is the origin's URL.
 */
public final class OtelApiHost {
  private OtelApiHost() {}

  public static void main(String[] args) throws IOException {
    String origin = args[0];
    HttpClient client = HttpClient.newHttpClient();
    SdkTracerProvider own = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new PrintingExporter())).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/current", exchange -> {
      Span.current().setAttribute("host.attribute", "set by the host");
      Span.current().addEvent("host event");
      answer(exchange, 200, Span.current().getSpanContext().getTraceId());
    });
    server.createContext("/tracer", exchange -> {
      Tracer tracer = GlobalOpenTelemetry.getTracer("host-code", "1.0");
      Span span = tracer.spanBuilder("host-work").setAttribute("host.count", 3L).startSpan();
      int status;
      try (Scope ignored = span.makeCurrent()) {
        status = client.send(HttpRequest.newBuilder(URI.create(origin)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (InterruptedException e) {
        throw new IOException(e);
      } finally {
        span.end();
      }
      answer(exchange, 200, "origin " + status);
    });
    server.createContext("/inject", exchange -> {
      TreeMap<String, String> headers = new TreeMap<>();
      GlobalOpenTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), headers, TreeMap::put);
      answer(exchange, 200, headers.toString());
    });
    server.createContext("/own-sdk", exchange -> {
      Span span = own.get("own-sdk").spanBuilder("own-work").startSpan();
      span.end();
      answer(exchange, 200, "own");
    });
    server.start();
    System.out.println("otel-api-host listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, b.length);
    exchange.getResponseBody().write(b);
    exchange.close();
  }

  private static final class PrintingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      for (SpanData s : spans) {
        System.out.println("own-sdk exported " + s.getName() + " " + s.getTraceId() + " " + s.getParentSpanId());
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
