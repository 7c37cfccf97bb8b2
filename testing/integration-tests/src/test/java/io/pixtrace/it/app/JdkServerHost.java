package io.pixtrace.it.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * {@link ImageApp} on the JDK's {@code com.sun.net.httpserver}: one context per case
 * ({@code /chain/}, ...), handlers on a pool of 16 threads. In async mode the handler returns
 * before the response exists and another thread writes it and closes the exchange.
 */
public final class JdkServerHost {
  private JdkServerHost() {}

  public static void main(String[] args) throws IOException {
    ImageApp app = ImageApp.get();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(16));
    for (String kase : List.of("sync", "chain", "later", "error", "throw", "full", "never", "health")) {
      server.createContext("/" + kase + "/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        String name = path.substring(kase.length() + 2);
        try {
          app.handle(kase, name, new Reply(app, exchange));
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e);
        }
      });
    }
    server.start();
    System.out.println("server-host listening on http://127.0.0.1:" + server.getAddress().getPort() + " (jdk "
        + app.mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
  }

  private record Reply(ImageApp app, HttpExchange exchange) implements ImageApp.Reply {
    @Override
    public void send(int status, String body) {
      byte[] bytes = ImageApp.bytes(body);
      try (OutputStream out = exchange.getResponseBody()) {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        out.write(bytes);
      } catch (IOException e) {
        exchange.close();
      }
    }

    @Override
    public void later(Runnable work) {
      app.schedule(work, 100);
    }
  }
}
