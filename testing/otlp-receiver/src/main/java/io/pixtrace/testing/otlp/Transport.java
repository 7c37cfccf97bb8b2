package io.pixtrace.testing.otlp;

/** The OTLP transport that delivered an export request. */
public enum Transport {
  /** OTLP/gRPC (protobuf over HTTP/2). */
  GRPC("grpc"),
  /** OTLP/HTTP with a binary protobuf body. */
  HTTP("http");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  /** Lower-case name, {@code "grpc"} or {@code "http"}. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
