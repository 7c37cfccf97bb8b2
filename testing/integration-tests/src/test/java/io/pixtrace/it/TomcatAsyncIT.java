package io.pixtrace.it;

/** The server suite on Tomcat 10.1, async servlets ({@code startAsync}, {@code start}, {@code dispatch}, {@code complete}). */
class TomcatAsyncIT extends TomcatSyncIT {
  @Override
  String mode() {
    return "async";
  }
}
