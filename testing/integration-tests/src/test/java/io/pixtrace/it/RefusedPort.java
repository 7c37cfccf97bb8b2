package io.pixtrace.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as this is open: a socket bound to it
 * that never listens. A port taken from a closed {@code ServerSocket} instead can be handed
 * out again to the next server started on port 0 (an OTLP receiver, a host), which then
 * answers where a refusal was expected.
 */
final class RefusedPort implements AutoCloseable {
  private final Socket socket = new Socket();

  /** Binds a fresh loopback port without listening on it. */
  RefusedPort() throws IOException {
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /** The port number: every connection to 127.0.0.1 on it is refused. */
  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
