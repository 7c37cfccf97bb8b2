package io.pixtrace.testing.otlp;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Command line of the standalone receiver process; see {@link OtlpReceiver#main(String[])}. */
final class ReceiverCli {

  static final String USAGE =
      "usage: java -jar otlp-receiver.jar [--grpc-port N] [--http-port N]"
          + " [--tls-cert PEM --tls-key PEM [--client-ca PEM]] [--quiet]\n"
          + "  Listens on 127.0.0.1 (defaults: gRPC 4317, HTTP 4318; 0 = any free port) and prints\n"
          + "  one line per OTLP export: export signal=<traces|metrics|logs> transport=<grpc|http>"
          + " items=<n>";

  private ReceiverCli() {}

  /** Parsed options. */
  record Options(
      int grpcPort, int httpPort, Path tlsCert, Path tlsKey, Path clientCa, boolean quiet) {}

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException with a message for the user on bad arguments
   */
  static Options parse(String[] args) {
    int grpcPort = 4317;
    int httpPort = 4318;
    Path cert = null;
    Path key = null;
    Path ca = null;
    boolean quiet = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--grpc-port":
          grpcPort = port(arg, value(args, ++i, arg));
          break;
        case "--http-port":
          httpPort = port(arg, value(args, ++i, arg));
          break;
        case "--tls-cert":
          cert = Path.of(value(args, ++i, arg));
          break;
        case "--tls-key":
          key = Path.of(value(args, ++i, arg));
          break;
        case "--client-ca":
          ca = Path.of(value(args, ++i, arg));
          break;
        case "--quiet":
          quiet = true;
          break;
        default:
          throw new IllegalArgumentException("unknown option: " + arg);
      }
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (ca != null && cert == null) {
      throw new IllegalArgumentException("--client-ca needs --tls-cert and --tls-key");
    }
    return new Options(grpcPort, httpPort, cert, key, ca, quiet);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a port number 0-65535, got: " + value);
  }

  /** Starts a receiver for {@code options} that prints its lines to {@code out}. */
  static OtlpReceiver start(Options options, PrintStream out) {
    OtlpReceiver.Builder builder =
        OtlpReceiver.builder()
            .grpcPort(options.grpcPort())
            .httpPort(options.httpPort())
            .retainData(false);
    if (options.tlsCert() != null) {
      builder.tls(options.tlsCert(), options.tlsKey());
    }
    if (options.clientCa() != null) {
      builder.clientCa(options.clientCa());
    }
    if (!options.quiet()) {
      builder.onExport(
          r -> line(out, "export signal=" + r.signal() + " transport=" + r.transport()
              + " items=" + r.itemCount()));
    }
    OtlpReceiver receiver = builder.start();
    line(out, "otlp-receiver listening grpc=" + receiver.grpcEndpoint()
        + " http=" + receiver.httpEndpoint());
    return receiver;
  }

  private static void line(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Runs until the process is stopped; returns the exit status for bad arguments or ports. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
        out.println(USAGE);
        return 0;
      }
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("otlp-receiver: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    OtlpReceiver receiver;
    try {
      receiver = start(options, out);
    } catch (UncheckedIOException e) {
      err.println("otlp-receiver: " + e.getCause().getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      receiver.close();
      stopped.countDown();
    }, "otlp-receiver-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      receiver.close();
    }
    return 0;
  }
}
