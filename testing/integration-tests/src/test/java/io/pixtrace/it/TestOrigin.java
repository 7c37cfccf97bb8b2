package io.pixtrace.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The upstream origin the avatar service downloads from, run inside the test JVM (without
 * the agent): serves the example's real images by Gravatar-style MD5 hash, 404 for unknown
 * hashes, holds {@link #HOLD} requests until released, and records the trace headers of
 * every request it gets. {@code /redirect/{hash}} answers 302 to {@code /{hash}};
 * {@code /slow/{hash}} answers after 2 seconds.
 */
final class TestOrigin implements AutoCloseable {
  static final String ALICE = md5("alice@example.com");
  static final String BOB = md5("bob@example.com");
  static final String CAROL = md5("carol@example.com");
  static final String NOBODY = md5("nobody@example.com");
  static final String HOLD = md5("hold@example.com");

  private final HttpServer server;
  private final Map<String, byte[]> images = new HashMap<>();
  private final List<Map<String, String>> received = new ArrayList<>();
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private volatile CountDownLatch release = new CountDownLatch(1);
  private volatile CountDownLatch holding = new CountDownLatch(1);

  TestOrigin() throws IOException {
    Path dir = Path.of(System.getProperty("avatar.images", "../../examples/avatar-service/src/main/resources/images"));
    images.put(ALICE, Files.readAllBytes(dir.resolve("alice.jpg")));
    images.put(BOB, Files.readAllBytes(dir.resolve("bob.png")));
    images.put(CAROL, Files.readAllBytes(dir.resolve("carol.webp")));
    images.put(HOLD, images.get(ALICE));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      try (exchange) {
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of("traceparent", "tracestate", "b3", "X-B3-TraceId", "baggage")) {
          String v = exchange.getRequestHeaders().getFirst(name);
          if (v != null) {
            headers.put(name.toLowerCase(), v);
          }
        }
        synchronized (received) {
          received.add(headers);
        }
        String hash = exchange.getRequestURI().getPath().substring(1);
        if (hash.startsWith("redirect/")) { // a redirect to the image itself
          exchange.getResponseHeaders().set("Location", url() + "/" + hash.substring("redirect/".length()));
          exchange.sendResponseHeaders(302, -1);
          return;
        }
        if (hash.startsWith("slow/")) { // answers after 2 s, longer than any client's read timeout
          Thread.sleep(2_000);
          hash = hash.substring("slow/".length());
        }
        if (hash.equals(HOLD)) {
          holding.countDown();
          release.await(20, TimeUnit.SECONDS);
        }
        byte[] body = images.get(hash);
        if (body == null) {
          byte[] text = "not found\n".getBytes();
          exchange.sendResponseHeaders(404, text.length);
          exchange.getResponseBody().write(text);
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", "image/*");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  /** The bytes the origin serves for {@code hash}. */
  byte[] image(String hash) {
    return images.get(hash).clone();
  }

  /** The base URL for {@code AVATAR_UPSTREAM_URL}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Trace-related headers of every request received, in order. */
  List<Map<String, String>> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits until a {@link #HOLD} request is being held. */
  void awaitHolding() throws InterruptedException {
    if (!holding.await(20, TimeUnit.SECONDS)) {
      throw new AssertionError("the held request never reached the origin");
    }
  }

  /** Lets held requests answer. */
  void releaseHeld() {
    release.countDown();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  static String md5(String email) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(email.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
