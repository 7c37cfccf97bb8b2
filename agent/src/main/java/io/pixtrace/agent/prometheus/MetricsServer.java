package io.pixtrace.agent.prometheus;

import io.pixtrace.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus endpoint's own HTTP/1.1 server, on a plain {@link ServerSocket}: one daemon
 * thread ({@code pixtrace-prometheus}) accepts a connection, reads the request line and
 * headers (at most {@value #MAX_HEAD} bytes, {@value #TIMEOUT_MILLIS} ms), answers once with
 * {@code Connection: close} and closes it. Scrapes come one at a time, seconds apart.
 *
 * <p>It is not {@code com.sun.net.httpserver}, because the JDK's server reads its
 * configuration (the {@code sun.net.httpserver.*} system properties: TCP_NODELAY, idle and
 * request timeouts, header limits) once per JVM, when the first server is made. The endpoint
 * starts in premain, before the host's {@code main}, so a host that sets those properties in
 * code would get the defaults on its own server. Measured: a host that turns on
 * {@code sun.net.httpserver.nodelay} in {@code main} went from 3 ms to 44 ms per request
 * (docs/benchmarks.md).
 */
final class MetricsServer implements Closeable {
  /** Most bytes of request line and headers read. */
  static final int MAX_HEAD = 16 * 1024;
  /** Read timeout of a connection, milliseconds. */
  static final int TIMEOUT_MILLIS = 10_000;
  /** Most bytes of a request body read (and dropped) before answering. */
  private static final int MAX_BODY = 64 * 1024;
  /** Longest wait in {@link #close()} for the serving thread to end, milliseconds. */
  private static final int CLOSE_WAIT_MILLIS = 1_000;

  /** What the server asks of its handler: the answer to one request. */
  interface Responder {
    /**
     * @param headers the request headers, names in lower case, the first value of each
     */
    Response respond(String method, String path, Map<String, String> headers);
  }

  /** One answer: status, the headers besides Content-Length and Connection, and the body (none for HEAD). */
  record Response(int status, Map<String, String> headers, byte[] body) {}

  private final ServerSocket socket;
  private final Responder responder;
  private final Thread thread;

  /**
   * Binds {@code address} (port 0: a free one) and starts accepting.
   *
   * @throws IOException when the address cannot be bound ({@link java.net.BindException})
   */
  MetricsServer(InetSocketAddress address, Responder responder) throws IOException {
    this.socket = new ServerSocket();
    try {
      socket.bind(address, 16);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    this.responder = responder;
    this.thread = new Thread(this::serve, "pixtrace-prometheus");
    thread.setDaemon(true);
    thread.start();
  }

  /** The bound address (the real port when 0 was asked for). */
  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        if (socket.isClosed()) {
          return; // accepted while close() ran: not answered
        }
        connection.setSoTimeout(TIMEOUT_MILLIS);
        answer(connection);
      } catch (SocketException e) {
        if (socket.isClosed()) {
          return; // closed by close()
        }
      } catch (IOException | RuntimeException e) {
        // A client that went away or sent garbage: the next scrape gets a fresh connection.
      } catch (Throwable e) {
        AgentLog.error("prometheus:server", "the Prometheus endpoint stopped serving", e);
        return;
      }
    }
  }

  private void answer(Socket connection) throws IOException {
    InputStream in = connection.getInputStream();
    String head = readHead(in);
    if (head == null) {
      return;
    }
    String[] lines = head.split("\r\n");
    String[] request = lines[0].split(" ");
    Response response;
    Map<String, String> headers = new TreeMap<>();
    if (request.length != 3 || !request[2].startsWith("HTTP/")) {
      response = new Response(400, Map.of("Content-Type", "text/plain; charset=utf-8"),
          "bad request line\n".getBytes(StandardCharsets.UTF_8));
    } else {
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      skipBody(in, headers.get("content-length"));
      String target = request[1];
      int query = target.indexOf('?');
      response = responder.respond(request[0], query < 0 ? target : target.substring(0, query), headers);
    }
    boolean isHead = "HEAD".equals(request[0]);
    StringBuilder out = new StringBuilder(256).append("HTTP/1.1 ").append(response.status()).append(' ')
        .append(reason(response.status())).append("\r\n");
    response.headers().forEach((k, v) -> out.append(k).append(": ").append(v).append("\r\n"));
    out.append("Content-Length: ").append(response.body().length).append("\r\nConnection: close\r\n\r\n");
    OutputStream o = connection.getOutputStream();
    o.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!isHead) {
      o.write(response.body());
    }
    o.flush();
    connection.shutdownOutput();
  }

  /** The request line and headers, up to the blank line; {@code null} when the client sent none. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0; // of \r\n\r\n
    while (head.size() < MAX_HEAD) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
          : b == '\r' ? 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1).trim();
      }
    }
    throw new IOException("request head longer than " + MAX_HEAD + " bytes");
  }

  /** Reads and drops a small request body, so that closing the connection does not reset it. */
  private static void skipBody(InputStream in, String contentLength) throws IOException {
    if (contentLength == null) {
      return;
    }
    try {
      long n = Math.min(Long.parseLong(contentLength), MAX_BODY);
      while (n > 0) {
        long skipped = in.skip(n);
        if (skipped <= 0) {
          if (in.read() < 0) {
            return;
          }
          skipped = 1;
        }
        n -= skipped;
      }
    } catch (NumberFormatException ignored) {
      // no body to skip
    }
  }

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      default:
        return "Internal Server Error";
    }
  }

  /**
   * Stops accepting and waits (at most {@value #CLOSE_WAIT_MILLIS} ms, for a scrape being
   * answered) for the serving thread to end. Once it has, the port refuses connections: a
   * thread blocked in {@code accept} keeps the listening socket open until it returns, and can
   * even be handed one more connection, which is closed unanswered.
   */
  @Override
  public void close() throws IOException {
    socket.close();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
