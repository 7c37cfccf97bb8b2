package io.pixtrace.bench.host;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's JDK 17 host (no FFM, no libvips), the same shape as the integration tests'
 * host: {@code GET /img/{name}} hands a download of {@code UPSTREAM/{name}} to a bounded pool
 * and answers its size; {@code GET /both/{name}} does two downloads through
 * {@code CompletableFuture.supplyAsync} + {@code sendAsync} and {@code invokeAll}.
 * Environment: {@code PORT} (0 = any), {@code UPSTREAM} (origin base URL).
 *
 * <p>Responses go out with TCP_NODELAY ({@code sun.net.httpserver.nodelay}): otherwise the
 * body waits for the client's delayed ACK of the headers, and every request takes 40 ms.
 */
public final class Jdk17Host {
  private Jdk17Host() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    String upstream = System.getenv("UPSTREAM");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "0"));
    HttpClient client = HttpClient.newHttpClient();
    ExecutorService pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/img/", exchange -> {
      try (exchange) {
        String name = exchange.getRequestURI().getPath().substring("/img/".length());
        Future<HttpResponse<byte[]>> download = pool.submit(() -> client.send(
            HttpRequest.newBuilder(URI.create(upstream + "/" + name)).build(),
            HttpResponse.BodyHandlers.ofByteArray()));
        HttpResponse<byte[]> r = download.get(10, TimeUnit.SECONDS);
        byte[] body = (r.statusCode() + " " + r.body().length + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(r.statusCode() == 200 ? 200 : 502, body.length);
        exchange.getResponseBody().write(body);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    server.createContext("/both/", exchange -> {
      try (exchange) {
        String name = exchange.getRequestURI().getPath().substring("/both/".length());
        Callable<Integer> download = () -> client.send(
            HttpRequest.newBuilder(URI.create(upstream + "/" + name)).build(),
            HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        CompletableFuture<Integer> async = CompletableFuture.supplyAsync(() -> client.sendAsync(
            HttpRequest.newBuilder(URI.create(upstream + "/" + name)).build(),
            HttpResponse.BodyHandlers.ofByteArray()).join().statusCode(), pool);
        int all = 0;
        for (Future<Integer> f : pool.invokeAll(List.of(download))) {
          all += f.get();
        }
        int first = async.get(10, TimeUnit.SECONDS);
        byte[] body = (first + " " + all + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(first == 200 && all == 200 ? 200 : 502, body.length);
        exchange.getResponseBody().write(body);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("jdk17-host listening on http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
  }
}
