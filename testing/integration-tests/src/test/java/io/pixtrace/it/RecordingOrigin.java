package io.pixtrace.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * An image origin, in the test JVM and without the agent, that answers every GET with a small
 * body and records every request header (names in lower case, first value), whatever the
 * propagator: {@code traceparent}, {@code b3}, {@code X-B3-*}, {@code uber-trace-id},
 * {@code X-Amzn-Trace-Id}, {@code ot-tracer-*}, {@code baggage}, ...
 */
final class RecordingOrigin implements AutoCloseable {
  private static final byte[] BODY = "not really an image\n".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final List<Map<String, String>> received = new ArrayList<>();

  RecordingOrigin() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      try (exchange) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        synchronized (received) {
          received.add(headers);
          received.notifyAll();
        }
        exchange.sendResponseHeaders(200, BODY.length);
        exchange.getResponseBody().write(BODY);
      }
    });
    server.start();
  }

  /** The base URL for the host's {@code UPSTREAM}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Headers of every request received, in order. */
  List<Map<String, String>> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits for the {@code n}th request (1-based) and returns its headers. */
  Map<String, String> awaitRequest(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (received.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("the origin got " + received.size() + " requests, expected " + n);
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
      return received.get(n - 1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
