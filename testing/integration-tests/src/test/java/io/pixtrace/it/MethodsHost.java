package io.pixtrace.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A host whose own methods are its stages (no library the agent knows does the work):
 * {@code waitForSlot} (queue), {@code fetch} (download), {@code Images.*} (processing). The
 * integration test names them in {@code IMGPROXY_OPEN_TELEMETRY_*_METHODS}.
 */
public final class MethodsHost {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private MethodsHost() {}

  /** Blocks like a semaphore-bounded service waiting for a processing slot. */
  static void waitForSlot() throws InterruptedException {
    Thread.sleep(30);
  }

  /** Downloads the source image. */
  static byte[] fetch(String url) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  /** The host's own image code. */
  static final class Images {
    private Images() {}

    static long checksum(byte[] image) {
      if (image.length == 0) {
        throw new IllegalArgumentException("empty image");
      }
      long sum = 0;
      for (byte b : image) {
        sum = sum * 31 + b;
      }
      return sum;
    }
  }

  /** Prints {@code methods-host listening on URL} once bound. */
  public static void main(String[] args) throws Exception {
    String upstream = System.getenv("UPSTREAM");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/custom/", exchange -> {
      try (exchange) {
        String name = exchange.getRequestURI().getPath().substring("/custom/".length());
        waitForSlot();
        byte[] image = fetch(upstream + "/" + name);
        byte[] body = Long.toString(Images.checksum(image)).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (IllegalArgumentException e) {
        exchange.sendResponseHeaders(422, -1);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    server.start();
    System.out.println("methods-host listening on http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
  }
}
