package io.pixtrace.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import net.coobird.thumbnailator.Thumbnailator;
import net.coobird.thumbnailator.Thumbnails;
import org.imgscalr.Scalr;

/**
 * A small host processing images with Thumbnailator and imgscalr on the request thread, for
 * ImagingLibrariesIT. Images come from the directory in {@code IMAGES}.
 * <ul>
 *   <li>{@code /thumbnailator/{file}}: {@code Thumbnails.of(stream).size(48, 48).outputFormat("png").toOutputStream(...)}
 *   <li>{@code /thumbnailator-static/{file}}: {@code Thumbnailator.createThumbnail(in, out, 40, 40)}
 *       (an overload that runs the task one internally), after an {@code ImageIO.read} probe
 *   <li>{@code /imgscalr/{file}}: {@code ImageIO.read}, {@code Scalr.resize(image, 40)},
 *       {@code ImageIO.write(..., "png", ...)}
 *   <li>{@code /scalr-only}: {@code Scalr.resize} then {@code Scalr.pad} on an image the host
 *       draws itself; answers the size and a pixel checksum
 * </ul>
 * A processing failure answers 422 with the exception's class.
 */
public final class ImagingLibrariesHost {
  private ImagingLibrariesHost() {}

  /** Prints {@code imaging-host listening on URL} once bound. */
  public static void main(String[] args) throws IOException {
    Path images = Path.of(System.getenv("IMAGES"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/thumbnailator/", exchange -> answer(exchange, () -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thumbnails.of(new ByteArrayInputStream(read(images, exchange))).size(48, 48).outputFormat("png")
          .toOutputStream(out);
      return out.toByteArray();
    }));
    server.createContext("/thumbnailator-static/", exchange -> answer(exchange, () -> {
      byte[] input = read(images, exchange);
      if (ImageIO.read(new ByteArrayInputStream(input)) == null) {
        throw new IOException("not an image ImageIO reads");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thumbnailator.createThumbnail(new ByteArrayInputStream(input), out, 40, 40);
      return out.toByteArray();
    }));
    server.createContext("/imgscalr/", exchange -> answer(exchange, () -> {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(read(images, exchange)));
      BufferedImage small = Scalr.resize(image, 40);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(small, "png", out);
      return out.toByteArray();
    }));
    server.createContext("/scalr-only", exchange -> answer(exchange, () -> {
      BufferedImage drawn = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 100; y++) {
        for (int x = 0; x < 200; x++) {
          drawn.setRGB(x, y, (x * 255 / 199) << 16 | (y * 255 / 99) << 8 | 0x40);
        }
      }
      BufferedImage padded = Scalr.pad(Scalr.resize(drawn, 50), 2);
      long sum = 0;
      for (int y = 0; y < padded.getHeight(); y++) {
        for (int x = 0; x < padded.getWidth(); x++) {
          sum = sum * 31 + padded.getRGB(x, y);
        }
      }
      return (padded.getWidth() + "x" + padded.getHeight() + " " + sum).getBytes(StandardCharsets.UTF_8);
    }));
    server.start();
    System.out.println("imaging-host listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  private interface Work {
    byte[] run() throws Exception;
  }

  private static byte[] read(Path images, HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    return Files.readAllBytes(images.resolve(path.substring(path.lastIndexOf('/') + 1)));
  }

  private static void answer(HttpExchange exchange, Work work) throws IOException {
    try (exchange) {
      byte[] body;
      int status = 200;
      try {
        body = work.run();
      } catch (Exception e) {
        status = 422;
        body = e.getClass().getName().getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
