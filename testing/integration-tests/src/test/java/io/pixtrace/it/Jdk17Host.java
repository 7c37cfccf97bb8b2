package io.pixtrace.it;

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
 * A small image-proxy-shaped host for JDK 17 (no FFM, no libvips): {@code GET /img/{name}}
 * hands a task to a bounded pool, which downloads {@code UPSTREAM/{name}} with the JDK
 * HttpClient and answers its size. Started by the integration tests as its own JVM.
 */
public final class Jdk17Host {
  private Jdk17Host() {}

  /** Prints {@code jdk17-host listening on URL} once bound. */
  public static void main(String[] args) throws Exception {
    String upstream = System.getenv("UPSTREAM");
    HttpClient client = HttpClient.newHttpClient();
    ExecutorService pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(8));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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
    // Two more hand-off shapes, CompletableFuture.supplyAsync(..., executor) and invokeAll,
    // and the asynchronous client call (sendAsync).
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
        byte[] body = (async.get(10, TimeUnit.SECONDS) + " " + all + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    // ImageIO processing: decode the download, draw a 32x32 thumbnail, encode it as PNG.
    server.createContext("/thumb/", exchange -> {
      try (exchange) {
        String name = exchange.getRequestURI().getPath().substring("/thumb/".length());
        Future<byte[]> thumb = pool.submit(() -> {
          byte[] source = client.send(HttpRequest.newBuilder(URI.create(upstream + "/" + name)).build(),
              HttpResponse.BodyHandlers.ofByteArray()).body();
          java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(source));
          if (image == null) {
            return null;
          }
          java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
          java.awt.Graphics2D g = small.createGraphics();
          g.drawImage(image, 0, 0, 32, 32, null);
          g.dispose();
          java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
          javax.imageio.ImageIO.write(small, "png", png);
          return png.toByteArray();
        });
        byte[] body = thumb.get(10, TimeUnit.SECONDS);
        if (body == null) {
          exchange.sendResponseHeaders(422, -1);
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", "image/png");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    // ImageReader/ImageWriter used directly: decode the download with the JPEG reader, draw a
    // 48x40 thumbnail, encode it with the JPEG writer at quality 0.8.
    server.createContext("/jpegq/", exchange -> {
      try (exchange) {
        String name = exchange.getRequestURI().getPath().substring("/jpegq/".length());
        Future<byte[]> thumb = pool.submit(() -> {
          byte[] source = client.send(HttpRequest.newBuilder(URI.create(upstream + "/" + name)).build(),
              HttpResponse.BodyHandlers.ofByteArray()).body();
          javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("jpeg").next();
          java.awt.image.BufferedImage image;
          try (javax.imageio.stream.ImageInputStream in =
              javax.imageio.ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(source))) {
            reader.setInput(in);
            image = reader.read(0, reader.getDefaultReadParam());
          } finally {
            reader.dispose();
          }
          java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(48, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
          java.awt.Graphics2D g = small.createGraphics();
          g.drawImage(image, 0, 0, 48, 40, null);
          g.dispose();
          javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
          javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
          param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(0.8f);
          java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
          try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(jpeg)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(small, null, null), param);
          } finally {
            writer.dispose();
          }
          return jpeg.toByteArray();
        });
        byte[] body = thumb.get(10, TimeUnit.SECONDS);
        exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    server.start();
    System.out.println("jdk17-host listening on http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
  }
}
