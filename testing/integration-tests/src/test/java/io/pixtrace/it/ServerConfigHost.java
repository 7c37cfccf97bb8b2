package io.pixtrace.it;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;

/**
 * A host that tunes the JDK's HTTP server in code, as the benchmark's JDK 17 host does: it
 * sets {@code sun.net.httpserver.nodelay} in {@code main}, makes its server, and prints the
 * setting the JDK's server took ({@code sun.net.httpserver.ServerConfig.noDelay()}, read
 * through {@code --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED}).
 */
public final class ServerConfigHost {
  private ServerConfigHost() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Method noDelay = Class.forName("sun.net.httpserver.ServerConfig").getDeclaredMethod("noDelay");
    noDelay.setAccessible(true);
    System.out.println("server-config-host nodelay=" + noDelay.invoke(null));
    server.stop(0);
  }
}
