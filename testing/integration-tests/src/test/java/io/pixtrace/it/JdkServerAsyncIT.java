package io.pixtrace.it;

/** The server suite on {@code com.sun.net.httpserver}, other threads answering after the handler returned. */
class JdkServerAsyncIT extends JdkServerSyncIT {
  @Override
  String mode() {
    return "async";
  }
}
