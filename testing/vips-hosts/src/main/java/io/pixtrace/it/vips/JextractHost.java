package io.pixtrace.it.vips;

import static io.pixtrace.it.vips.jextract.libvips_h.C_INT;
import static io.pixtrace.it.vips.jextract.libvips_h.C_LONG;
import static io.pixtrace.it.vips.jextract.libvips_h.C_POINTER;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pixtrace.it.vips.jextract.libvips_h;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A small image host on jextract-layout libvips bindings ({@link libvips_h}), for
 * LibvipsEvaluationIT. Both routes take the image as the POST body and answer 422 with
 * libvips' message when it fails:
 * <ul>
 *   <li>{@code POST /copy}: decodes the image into memory ({@code vips_image_copy_memory})
 *       and answers its size as text {@code WxH};
 *   <li>{@code POST /smartcrop?w=N}: an N×N attention crop ({@code vips_smartcrop}), answered
 *       as JPEG ({@code vips_image_write_to_buffer}).
 * </ul>
 * Prints {@code jextract-host listening on URL} once bound.
 */
public final class JextractHost {
  private static final int VIPS_INTERESTING_ATTENTION = 3; // enums.h, VipsInteresting
  private static final libvips_h.vips_image_new_from_buffer NEW_FROM_BUFFER =
      libvips_h.vips_image_new_from_buffer.makeInvoker(C_POINTER);
  private static final libvips_h.vips_smartcrop SMARTCROP =
      libvips_h.vips_smartcrop.makeInvoker(C_POINTER, C_INT, C_POINTER);
  private static final libvips_h.vips_image_write_to_buffer WRITE_TO_BUFFER =
      libvips_h.vips_image_write_to_buffer.makeInvoker(C_POINTER);

  private JextractHost() {}

  /** A libvips failure, with its error buffer's text. */
  private static final class VipsFailure extends Exception {
    VipsFailure(String what) {
      super(what + ": " + libvips_h.vips_error_buffer().reinterpret(4096).getString(0).strip());
      libvips_h.vips_error_clear();
    }
  }

  /** Starts the host. */
  public static void main(String[] args) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      if (libvips_h.vips_init(arena.allocateFrom("jextract-host")) != 0) {
        throw new IllegalStateException("vips_init failed");
      }
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/copy", exchange -> handle(exchange, false));
    server.createContext("/smartcrop", exchange -> handle(exchange, true));
    server.start();
    System.out.println("jextract-host listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange, boolean crop) throws IOException {
    try (exchange) {
      byte[] input = exchange.getRequestBody().readAllBytes();
      int status = 200;
      String type = crop ? "image/jpeg" : "text/plain";
      byte[] body;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, input);
        MemorySegment image = NEW_FROM_BUFFER.apply(buffer, input.length, arena.allocateFrom(""), MemorySegment.NULL);
        if (image.address() == 0) {
          throw new VipsFailure("load");
        }
        try {
          body = crop ? smartcrop(arena, image, exchange) : copy(image);
        } finally {
          libvips_h.g_object_unref(image);
        }
      } catch (VipsFailure e) {
        status = 422;
        type = "text/plain";
        body = e.getMessage().getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static byte[] copy(MemorySegment image) throws VipsFailure {
    MemorySegment copy = libvips_h.vips_image_copy_memory(image);
    if (copy.address() == 0) {
      throw new VipsFailure("copy_memory");
    }
    try {
      String size = libvips_h.vips_image_get_width(copy) + "x" + libvips_h.vips_image_get_height(copy);
      return size.getBytes(StandardCharsets.UTF_8);
    } finally {
      libvips_h.g_object_unref(copy);
    }
  }

  private static byte[] smartcrop(Arena arena, MemorySegment image, HttpExchange exchange) throws VipsFailure {
    String query = exchange.getRequestURI().getQuery();
    int w = query != null && query.startsWith("w=") ? Integer.parseInt(query.substring(2)) : 300;
    MemorySegment out = arena.allocate(C_POINTER);
    if (SMARTCROP.apply(image, out, w, w, arena.allocateFrom("interesting"), VIPS_INTERESTING_ATTENTION,
        MemorySegment.NULL) != 0) {
      throw new VipsFailure("smartcrop");
    }
    MemorySegment cropped = out.get(C_POINTER, 0);
    try {
      MemorySegment bufOut = arena.allocate(C_POINTER);
      MemorySegment lenOut = arena.allocate(C_LONG);
      if (WRITE_TO_BUFFER.apply(cropped, arena.allocateFrom(".jpg"), bufOut, lenOut, MemorySegment.NULL) != 0) {
        throw new VipsFailure("write_to_buffer");
      }
      MemorySegment jpeg = bufOut.get(C_POINTER, 0);
      try {
        return jpeg.reinterpret(lenOut.get(C_LONG, 0)).toArray(ValueLayout.JAVA_BYTE);
      } finally {
        libvips_h.g_free(jpeg);
      }
    } finally {
      libvips_h.g_object_unref(cropped);
    }
  }
}
