package io.pixtrace.it.vips;

import app.photofox.vipsffm.VImage;
import app.photofox.vipsffm.VTarget;
import app.photofox.vipsffm.Vips;
import app.photofox.vipsffm.VipsError;
import app.photofox.vipsffm.VipsOption;
import app.photofox.vipsffm.enums.VipsBandFormat;
import app.photofox.vipsffm.enums.VipsInteresting;
import app.photofox.vipsffm.jextract.VipsRaw;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A small image host on the real vips-ffm, for VipsFfmIT. Routes (each answers 422 with
 * libvips' message on a {@code VipsError}):
 * <ul>
 *   <li>{@code GET /thumb/{file}?w=N[&opts=...]}: loads {@code IMAGES/{file}} with the load
 *       options, thumbnails it to N pixels wide, answers JPEG ({@code jpegsaveBuffer});
 *   <li>{@code GET /raw/{file}}: thumbnails to 16 pixels wide, copies the pixels into a new
 *       image ({@code VImage.write}) and answers them ({@code VImage.writeToMemory});
 *   <li>{@code GET /smartcrop?w=N}: an N×N attention crop of a 2400×1800 JPEG made at start
 *       (patterns, the same bytes in every run),
 *       answered as JPEG;
 *   <li>{@code GET /avg/{file}}: the image's mean pixel value, asked twice (the second from
 *       libvips' operation cache), as text {@code first second};
 *   <li>{@code GET /open} and {@code GET /close}: opens (and keeps) or closes a libvips file
 *       target ({@code VTarget.newToFile}), which holds one tracked file descriptor while open.
 * </ul>
 * At start it applies {@code CACHE_MAX}, {@code CACHE_MAX_MEM} (bytes) and
 * {@code CACHE_MAX_FILES} to libvips' operation cache when set, and prints
 * {@code vips-ffm-host listening on URL} once bound.
 */
public final class VipsFfmHost {
  private static final Object LOCK = new Object();
  private static Arena openArena;
  private static VTarget openTarget;

  private VipsFfmHost() {}

  /** Starts the host. */
  public static void main(String[] args) throws IOException {
    Path images = Path.of(System.getenv("IMAGES"));
    Vips.init();
    applyCacheLimits();
    Path scratch = Files.createTempDirectory("vips-ffm-host");
    scratch.toFile().deleteOnExit();
    Path targetFile = scratch.resolve("target.bin");
    byte[] big;
    try (Arena arena = Arena.ofConfined()) {
      // Deterministic patterns (the same bytes in every host) that attention has something to find in.
      VImage zone = VImage.zone(arena, 2400, 1800).linear(List.of(127.5), List.of(127.5));
      VImage sines = VImage.sines(arena, 2400, 1800, VipsOption.Double("hfreq", 7.0)).linear(List.of(127.5), List.of(127.5));
      VImage gradient = VImage.xyz(arena, 2400, 1800).extractBand(0).linear(List.of(0.1), List.of(0.0));
      big = VImage.bandjoin(arena, List.of(zone, sines, gradient))
          .cast(VipsBandFormat.FORMAT_UCHAR).jpegsaveBuffer().getBytes();
    }
    targetFile.toFile().deleteOnExit();

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/thumb/", exchange -> handle(exchange, arena -> {
      VImage image = VImage.newFromBytes(arena, read(images, exchange), param(exchange, "opts", ""));
      return jpeg(image.thumbnailImage(Integer.parseInt(param(exchange, "w", "64"))).jpegsaveBuffer().getBytes());
    }));
    server.createContext("/raw/", exchange -> handle(exchange, arena -> {
      VImage small = VImage.newFromBytes(arena, read(images, exchange)).thumbnailImage(16);
      byte[] pixels = small.write(VImage.newImage(arena)).writeToMemory().toArray(ValueLayout.JAVA_BYTE);
      return new Answer("application/octet-stream", pixels);
    }));
    server.createContext("/smartcrop", exchange -> handle(exchange, arena -> {
      int w = Integer.parseInt(param(exchange, "w", "300"));
      VImage crop = VImage.newFromBytes(arena, big)
          .smartcrop(w, w, VipsOption.Enum("interesting", VipsInteresting.INTERESTING_ATTENTION));
      return jpeg(crop.jpegsaveBuffer().getBytes());
    }));
    server.createContext("/avg/", exchange -> handle(exchange, arena -> {
      VImage image = VImage.newFromBytes(arena, read(images, exchange));
      double first = image.avg();
      double second = image.avg();
      return text(String.format(Locale.ROOT, "%.6f %.6f", first, second));
    }));
    server.createContext("/open", exchange -> handle(exchange, arena -> {
      synchronized (LOCK) {
        if (openArena == null) {
          openArena = Arena.ofShared();
          openTarget = VTarget.newToFile(openArena, targetFile.toString());
        }
        return text("open");
      }
    }));
    server.createContext("/close", exchange -> handle(exchange, arena -> {
      synchronized (LOCK) {
        if (openArena != null) {
          openArena.close();
          openArena = null;
          openTarget = null;
        }
        return text("closed");
      }
    }));
    server.start();
    System.out.println("vips-ffm-host listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void applyCacheLimits() {
    String max = System.getenv("CACHE_MAX");
    if (max != null) {
      VipsRaw.vips_cache_set_max(Integer.parseInt(max));
    }
    String maxMem = System.getenv("CACHE_MAX_MEM");
    if (maxMem != null) {
      VipsRaw.vips_cache_set_max_mem(Long.parseLong(maxMem));
    }
    String maxFiles = System.getenv("CACHE_MAX_FILES");
    if (maxFiles != null) {
      VipsRaw.vips_cache_set_max_files(Integer.parseInt(maxFiles));
    }
  }

  /** A response body and its type. */
  private record Answer(String type, byte[] body) {}

  /** One route's work, in an arena the host closes after it. */
  private interface Route {
    Answer run(Arena arena) throws IOException;
  }

  private static Answer jpeg(byte[] body) {
    return new Answer("image/jpeg", body);
  }

  private static Answer text(String body) {
    return new Answer("text/plain", body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] read(Path images, HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    return Files.readAllBytes(images.resolve(path.substring(path.lastIndexOf('/') + 1)));
  }

  private static void handle(HttpExchange exchange, Route route) throws IOException {
    try (exchange) {
      int status = 200;
      Answer answer;
      try (Arena arena = Arena.ofConfined()) {
        answer = route.run(arena);
      } catch (VipsError e) {
        status = 422;
        answer = text(String.valueOf(e.getMessage()));
      }
      exchange.getResponseHeaders().set("Content-Type", answer.type());
      exchange.sendResponseHeaders(status, answer.body().length);
      exchange.getResponseBody().write(answer.body());
    }
  }

  private static String param(HttpExchange exchange, String name, String otherwise) {
    String query = exchange.getRequestURI().getQuery();
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
