package io.pixtrace.it.vipsffm;

import app.photofox.vipsffm.VBlob;
import app.photofox.vipsffm.VImage;
import app.photofox.vipsffm.Vips;
import app.photofox.vipsffm.VipsError;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small image host using the vips-ffm API shape (the stand-in), for VipsFfmIT:
 * {@code GET /thumb/{file}?w=N[&opts=...]} loads {@code IMAGES/{file}}, thumbnails it to N
 * pixels wide and answers it as JPEG; {@code GET /raw/{file}} thumbnails to 16 pixels, copies
 * the pixels into a new image ({@code VImage.write}) and answers the raw pixels
 * ({@code VImage.writeToMemory}). A libvips error answers 422 with its message.
 */
public final class VipsFfmHost {
  private VipsFfmHost() {}

  /** Prints {@code vips-ffm-host listening on URL} once bound. */
  public static void main(String[] args) throws IOException {
    Path images = Path.of(System.getenv("IMAGES"));
    Vips.init();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/thumb/", exchange -> handle(exchange, images, false));
    server.createContext("/raw/", exchange -> handle(exchange, images, true));
    server.start();
    System.out.println("vips-ffm-host listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange, Path images, boolean raw) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      byte[] input = Files.readAllBytes(images.resolve(path.substring(path.lastIndexOf('/') + 1)));
      byte[] body;
      String type;
      try (Arena arena = Arena.ofConfined()) {
        VImage image = VImage.newFromBytes(arena, input, param(query, "opts", ""));
        if (raw) {
          VImage small = image.thumbnailImage(16);
          MemorySegment pixels = small.write(VImage.newImage(arena)).writeToMemory();
          body = pixels.toArray(ValueLayout.JAVA_BYTE);
          type = "application/octet-stream";
        } else {
          VBlob jpeg = image.thumbnailImage(Integer.parseInt(param(query, "w", "64"))).jpegsaveBuffer();
          body = jpeg.getUnsafeDataAddress().toArray(ValueLayout.JAVA_BYTE);
          type = "image/jpeg";
        }
      } catch (VipsError e) {
        body = String.valueOf(e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(422, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static String param(String query, String name, String otherwise) {
    if (query != null) {
      for (String p : query.split("&")) {
        if (p.startsWith(name + "=")) {
          return p.substring(name.length() + 1);
        }
      }
    }
    return otherwise;
  }
}
