package io.pixtrace.it;

/** The server suite on Jetty 12 EE 10, async servlets ({@code startAsync}, {@code start}, {@code dispatch}, {@code complete}). */
class JettyAsyncIT extends JettySyncIT {
  @Override
  String mode() {
    return "async";
  }
}
