package io.pixtrace.testing.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A loopback OTLP receiver for tests and benchmarks: accepts OTLP/gRPC and OTLP/HTTP (binary
 * protobuf, optionally gzip-compressed) exports of traces, metrics and logs on 127.0.0.1, decodes
 * them with the official {@code opentelemetry-proto} classes and keeps them as flat, thread-safe
 * records ({@link ReceivedSpan}, {@link ReceivedMetric}, {@link ReceivedLog}, {@link
 * ExportRequest}).
 *
 * <pre>{@code
 * try (OtlpReceiver otlp = OtlpReceiver.start()) {
 *   // point the agent / SDK at otlp.grpcUrl() or otlp.httpEndpoint()
 *   ReceivedSpan server = otlp.awaitSpan(s -> s.name().equals("GET /avatar"), Duration.ofSeconds(10));
 *   assertThat(server.attributes()).containsEntry("http.response.status_code", 200L);
 * }
 * }</pre>
 *
 * <p>All accessors return immutable snapshots in arrival order. The {@code await*} methods block
 * until a condition holds and otherwise throw an {@link AssertionError} whose message contains
 * {@link #dump()}-style output of what did arrive.
 *
 * <p>Run as a process with {@link #main(String[])}.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** Loopback address the receiver binds to. */
  public static final String HOST = "127.0.0.1";

  private final boolean retainData;
  private final Consumer<ExportRequest> listener;
  private final boolean tls;

  private final Object lock = new Object();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedMetric> metrics = new ArrayList<>();
  private final List<ReceivedLog> logs = new ArrayList<>();
  private final List<ExportRequest> requests = new ArrayList<>();
  private final Map<Signal, Map<Transport, AtomicInteger>> requestCounts = new EnumMap<>(Signal.class);
  private final Map<Signal, AtomicLong> itemCounts = new EnumMap<>(Signal.class);
  private long version;

  private final AtomicLong sequence = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile long responseDelayNanos;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GrpcTransport grpc;
  private HttpTransport http;

  private OtlpReceiver(Builder b) {
    this.retainData = b.retainData;
    this.listener = b.listener;
    this.tls = b.tlsCertChain != null;
    for (Signal s : Signal.values()) {
      Map<Transport, AtomicInteger> byTransport = new EnumMap<>(Transport.class);
      for (Transport t : Transport.values()) {
        byTransport.put(t, new AtomicInteger());
      }
      requestCounts.put(s, byTransport);
      itemCounts.put(s, new AtomicLong());
    }
  }

  /**
   * Starts a receiver on 127.0.0.1 with ephemeral gRPC and HTTP ports, no TLS.
   *
   * @throws UncheckedIOException if a port cannot be bound
   */
  public static OtlpReceiver start() {
    return builder().start();
  }

  /** A builder for a receiver with fixed ports, TLS or an export listener. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the receiver as a standalone process until it is killed, printing one line per export
   * request to standard output.
   *
   * <p>Options: {@code --grpc-port N} (default 4317), {@code --http-port N} (default 4318; 0 picks
   * a free port), {@code --tls-cert PEM --tls-key PEM} (serve TLS), {@code --client-ca PEM}
   * (require client certificates signed by this CA), {@code --quiet} (no line per export). The
   * first line printed is {@code otlp-receiver listening grpc=127.0.0.1:PORT
   * http=http://127.0.0.1:PORT}; each export prints {@code export signal=traces transport=grpc
   * items=N}. Exits with status 2 on bad arguments and 1 if a port cannot be bound.
   *
   * @param args command-line options as above
   */
  public static void main(String[] args) {
    int status = ReceiverCli.run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  // ---------------------------------------------------------------- endpoints

  /** The bound gRPC port. */
  public int grpcPort() {
    return grpc.port();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /** The gRPC address as {@code "127.0.0.1:PORT"} (a grpc-java target; no scheme). */
  public String grpcEndpoint() {
    return HOST + ":" + grpcPort();
  }

  /**
   * The gRPC endpoint as a URL, {@code "http://127.0.0.1:PORT"} ({@code https} with TLS) — the
   * form {@code OTEL_EXPORTER_OTLP_ENDPOINT} and the OTLP gRPC exporters expect.
   */
  public String grpcUrl() {
    return (tls ? "https://" : "http://") + grpcEndpoint();
  }

  /**
   * The OTLP/HTTP base URL, {@code "http://127.0.0.1:PORT"} ({@code https} with TLS); signals are
   * posted to {@code /v1/traces}, {@code /v1/metrics} and {@code /v1/logs} below it.
   */
  public String httpEndpoint() {
    return (tls ? "https://" : "http://") + HOST + ":" + httpPort();
  }

  /** The full OTLP/HTTP URL of one signal, e.g. {@code "http://127.0.0.1:PORT/v1/traces"}. */
  public String httpEndpoint(Signal signal) {
    return httpEndpoint() + signal.httpPath();
  }

  /** Whether both transports serve TLS. */
  public boolean tlsEnabled() {
    return tls;
  }

  // ---------------------------------------------------------------- failure hooks

  /**
   * While {@code true}, every export is answered with gRPC status {@code UNAVAILABLE} or HTTP 503
   * (a retryable failure) and its data is not kept; the request still appears in {@link
   * #requests()} with {@code accepted == false}.
   */
  public void setFailing(boolean failing) {
    this.failing.set(failing);
  }

  /**
   * Answers the next {@code count} export requests (any signal and transport) with {@code
   * UNAVAILABLE} / HTTP 503, then accepts again. Useful to check that an exporter retries.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void failNext(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    failNext.set(count);
  }

  /**
   * Makes the receiver wait {@code delay} before handling each export request, e.g. to provoke
   * exporter timeouts. {@link Duration#ZERO} turns it off.
   */
  public void setResponseDelay(Duration delay) {
    responseDelayNanos = Math.max(0, delay.toNanos());
  }

  // ---------------------------------------------------------------- collected data

  /** All spans received so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  /** All spans of trace {@code traceId} (lower-case hex) received so far, in arrival order. */
  public List<ReceivedSpan> trace(String traceId) {
    return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  /** Every metric data point received so far, in arrival order. */
  public List<ReceivedMetric> metrics() {
    synchronized (lock) {
      return List.copyOf(metrics);
    }
  }

  /** Every data point of metric {@code name} received so far, in arrival order. */
  public List<ReceivedMetric> metrics(String name) {
    return metrics().stream().filter(m -> m.name().equals(name)).toList();
  }

  /** Names of all metrics received so far, in order of first arrival. */
  public Set<String> metricNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ReceivedMetric m : metrics()) {
      names.add(m.name());
    }
    return names;
  }

  /** The most recently received point of metric {@code name}, if any. */
  public Optional<ReceivedMetric> latest(String name) {
    return latest(name, attrs -> true);
  }

  /**
   * The most recently received point of metric {@code name} whose attributes contain all entries
   * of {@code attributes}. Integer values ({@code Integer}, {@code Short}, {@code Byte}) match the
   * received {@code Long}s and {@code Float}s match {@code Double}s, so {@code Map.of("code", 200)}
   * works.
   */
  public Optional<ReceivedMetric> latest(String name, Map<String, ?> attributes) {
    return latest(name, attrs -> AttributeMatch.containsAll(attrs, attributes));
  }

  /**
   * The most recently received point of metric {@code name} whose attributes satisfy {@code
   * attributes}. For cumulative metrics this is the current value of the series.
   */
  public Optional<ReceivedMetric> latest(
      String name, Predicate<? super Map<String, Object>> attributes) {
    List<ReceivedMetric> all = metrics();
    for (int i = all.size() - 1; i >= 0; i--) {
      ReceivedMetric m = all.get(i);
      if (m.name().equals(name) && attributes.test(m.attributes())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** All log records received so far, in arrival order. */
  public List<ReceivedLog> logs() {
    synchronized (lock) {
      return List.copyOf(logs);
    }
  }

  /** Metadata of every export request received so far (accepted or not), in arrival order. */
  public List<ExportRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** Metadata of every export request of {@code signal} received so far, in arrival order. */
  public List<ExportRequest> requests(Signal signal) {
    return requests().stream().filter(r -> r.signal() == signal).toList();
  }

  /** Number of export requests of {@code signal} over {@code transport}, accepted or not. */
  public int requestCount(Signal signal, Transport transport) {
    return requestCounts.get(signal).get(transport).get();
  }

  /** Number of export requests of {@code signal} over both transports, accepted or not. */
  public int requestCount(Signal signal) {
    int n = 0;
    for (AtomicInteger c : requestCounts.get(signal).values()) {
      n += c.get();
    }
    return n;
  }

  /**
   * Number of spans, metric data points or log records of {@code signal} in accepted requests.
   * Kept even when the receiver was built with {@link Builder#retainData(boolean) retainData(false)}.
   */
  public long itemCount(Signal signal) {
    return itemCounts.get(signal).get();
  }

  /** Forgets all received data, request metadata and counts. Failure settings are kept. */
  public void clear() {
    synchronized (lock) {
      spans.clear();
      metrics.clear();
      logs.clear();
      requests.clear();
      for (Signal s : Signal.values()) {
        requestCounts.get(s).values().forEach(c -> c.set(0));
        itemCounts.get(s).set(0);
      }
      version++;
      lock.notifyAll();
    }
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Waits until the received spans satisfy {@code condition}.
   *
   * @return the span snapshot that satisfied it
   * @throws AssertionError on timeout, with a dump of the received spans
   */
  public List<ReceivedSpan> awaitSpans(
      Predicate<? super List<ReceivedSpan>> condition, Duration timeout) {
    return await(this::spans, condition, timeout, "spans", this::dumpSpans);
  }

  /**
   * Waits until at least {@code count} spans have arrived.
   *
   * @return all spans received at that point
   * @throws AssertionError on timeout, with a dump of the received spans
   */
  public List<ReceivedSpan> awaitSpanCount(int count, Duration timeout) {
    return await(
        this::spans, l -> l.size() >= count, timeout, "at least " + count + " spans",
        this::dumpSpans);
  }

  /**
   * Waits until a span matching {@code condition} has arrived.
   *
   * @return the first matching span
   * @throws AssertionError on timeout, with a dump of the received spans
   */
  public ReceivedSpan awaitSpan(Predicate<? super ReceivedSpan> condition, Duration timeout) {
    List<ReceivedSpan> found =
        await(this::spans, l -> l.stream().anyMatch(condition), timeout, "a matching span",
            this::dumpSpans);
    return found.stream().filter(condition).findFirst().orElseThrow();
  }

  /**
   * Waits until a point of metric {@code name} matching {@code condition} has arrived.
   *
   * @return the most recently received matching point
   * @throws AssertionError on timeout, with a dump of the received metrics
   */
  public ReceivedMetric awaitMetric(
      String name, Predicate<? super ReceivedMetric> condition, Duration timeout) {
    Objects.requireNonNull(name, "name");
    return awaitMetric(m -> m.name().equals(name) && condition.test(m), timeout,
        "a matching point of metric " + name);
  }

  /**
   * Waits until any point of metric {@code name} has arrived.
   *
   * @return the most recently received point of that metric
   * @throws AssertionError on timeout, with a dump of the received metrics
   */
  public ReceivedMetric awaitMetric(String name, Duration timeout) {
    return awaitMetric(name, m -> true, timeout);
  }

  /**
   * Waits until a metric point matching {@code condition} has arrived.
   *
   * @return the most recently received matching point
   * @throws AssertionError on timeout, with a dump of the received metrics
   */
  public ReceivedMetric awaitMetric(Predicate<? super ReceivedMetric> condition, Duration timeout) {
    return awaitMetric(condition, timeout, "a matching metric point");
  }

  private ReceivedMetric awaitMetric(
      Predicate<? super ReceivedMetric> condition, Duration timeout, String what) {
    List<ReceivedMetric> found =
        await(this::metrics, l -> l.stream().anyMatch(condition), timeout, what,
            this::dumpMetrics);
    for (int i = found.size() - 1; i >= 0; i--) {
      if (condition.test(found.get(i))) {
        return found.get(i);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * Waits until the received log records satisfy {@code condition}.
   *
   * @return the log snapshot that satisfied it
   * @throws AssertionError on timeout, with a dump of the received logs
   */
  public List<ReceivedLog> awaitLogs(
      Predicate<? super List<ReceivedLog>> condition, Duration timeout) {
    return await(this::logs, condition, timeout, "logs", this::dumpLogs);
  }

  /**
   * Waits until a log record matching {@code condition} has arrived.
   *
   * @return the first matching record
   * @throws AssertionError on timeout, with a dump of the received logs
   */
  public ReceivedLog awaitLog(Predicate<? super ReceivedLog> condition, Duration timeout) {
    List<ReceivedLog> found =
        await(this::logs, l -> l.stream().anyMatch(condition), timeout, "a matching log record",
            this::dumpLogs);
    return found.stream().filter(condition).findFirst().orElseThrow();
  }

  /**
   * Waits until more than {@code count} export requests of {@code signal} have arrived (accepted
   * or not, over either transport), as {@link #requestCount(Signal)} counts them. Works without
   * retained data too. {@link #clear()} resets the count.
   *
   * @return the number of export requests of {@code signal} when the wait ended
   * @throws AssertionError on timeout, with a list of the received requests
   */
  public int awaitRequestCountAbove(Signal signal, int count, Duration timeout) {
    Objects.requireNonNull(signal, "signal");
    return await(() -> List.of(requestCount(signal)), l -> l.get(0) > count, timeout,
        "more than " + count + " export request(s) of " + signal.name().toLowerCase(Locale.ROOT),
        this::dumpRequests).get(0);
  }

  /**
   * Waits until {@code more} export requests of {@code signal} have arrived after this call
   * (accepted or not). The positive signal for "nothing else is coming": an exporter that sends
   * periodically (a metric reader) collected its {@code more}-th export from now after this call,
   * so that export holds everything recorded before the call.
   *
   * @return the number of export requests of {@code signal} when the wait ended
   * @throws IllegalArgumentException if {@code more} is below 1
   * @throws AssertionError on timeout, with a list of the received requests
   */
  public int awaitMoreRequests(Signal signal, int more, Duration timeout) {
    if (more < 1) {
      throw new IllegalArgumentException("more must be >= 1: " + more);
    }
    return awaitRequestCountAbove(signal, requestCount(signal) + more - 1, timeout);
  }

  /**
   * Waits until an export request matching {@code condition} has arrived (accepted or not).
   *
   * @return the first matching request
   * @throws AssertionError on timeout, with a list of the received requests
   */
  public ExportRequest awaitRequest(Predicate<? super ExportRequest> condition, Duration timeout) {
    List<ExportRequest> found =
        await(this::requests, l -> l.stream().anyMatch(condition), timeout,
            "a matching export request", this::dumpRequests);
    return found.stream().filter(condition).findFirst().orElseThrow();
  }

  private <T> List<T> await(
      Supplier<List<T>> snapshot,
      Predicate<? super List<T>> condition,
      Duration timeout,
      String what,
      Supplier<String> dump) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      List<T> current;
      synchronized (lock) {
        seen = version;
        current = snapshot.get();
      }
      if (condition.test(current)) {
        return current;
      }
      synchronized (lock) {
        while (version == seen) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw new AssertionError(
                "Timed out after " + timeout.toMillis() + " ms waiting for " + what
                    + (retainData ? "" : " (receiver does not retain data)") + ".\n" + dump.get());
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(lock, remaining);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + what, e);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- dumps

  /** A readable summary of everything received: span trees, metric series, logs, request counts. */
  public String dump() {
    return dumpSpans() + "\n" + dumpMetrics() + "\n" + dumpLogs() + "\n" + dumpRequests();
  }

  /**
   * Received spans as one tree per trace, each line with kind, duration in milliseconds, status,
   * attributes and events.
   */
  public String dumpSpans() {
    return Dumps.spans(spans());
  }

  /** The latest point of every received metric series (name + attributes), with point counts. */
  public String dumpMetrics() {
    return Dumps.metrics(metrics());
  }

  /** Received log records, one per line. */
  public String dumpLogs() {
    return Dumps.logs(logs());
  }

  /** Request counts per signal and transport, and the received requests. */
  public String dumpRequests() {
    return Dumps.requests(requests(), requestCounts);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stops both servers; waits up to a few seconds for in-flight requests. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (http != null) {
        http.close();
      }
    } finally {
      if (grpc != null) {
        grpc.close();
      }
    }
  }

  @Override
  public String toString() {
    return "OtlpReceiver{grpc=" + grpcEndpoint() + ", http=" + httpEndpoint() + "}";
  }

  // ---------------------------------------------------------------- called by the transports

  boolean receiveTraces(
      ExportTraceServiceRequest request, Transport transport, Map<String, List<String>> headers) {
    return receive(Signal.TRACES, transport, headers, OtlpDecoder.count(request),
        seq -> OtlpDecoder.spans(request, transport), spans);
  }

  boolean receiveMetrics(
      ExportMetricsServiceRequest request, Transport transport, Map<String, List<String>> headers) {
    return receive(Signal.METRICS, transport, headers, OtlpDecoder.count(request),
        seq -> OtlpDecoder.metrics(request, transport, seq), metrics);
  }

  boolean receiveLogs(
      ExportLogsServiceRequest request, Transport transport, Map<String, List<String>> headers) {
    return receive(Signal.LOGS, transport, headers, OtlpDecoder.count(request),
        seq -> OtlpDecoder.logs(request, transport), logs);
  }

  private <T> boolean receive(
      Signal signal,
      Transport transport,
      Map<String, List<String>> headers,
      int itemCount,
      Function<Long, List<T>> decode,
      List<T> target) {
    long delay = responseDelayNanos;
    if (delay > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean accepted = !failing.get() && failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) == 0;
    ExportRequest request;
    synchronized (lock) {
      // Numbered, decoded and stored under the lock so that arrival order, sequence numbers and
      // the order of the stored lists agree even with concurrent exporters.
      long seq = sequence.incrementAndGet();
      request =
          new ExportRequest(seq, signal, transport, headers, itemCount, accepted,
              System.currentTimeMillis());
      requestCounts.get(signal).get(transport).incrementAndGet();
      if (accepted) {
        itemCounts.get(signal).addAndGet(itemCount);
      }
      if (retainData) {
        requests.add(request);
        if (accepted) {
          target.addAll(decode.apply(seq));
        }
      }
      version++;
      lock.notifyAll();
    }
    if (listener != null) {
      try {
        listener.accept(request);
      } catch (RuntimeException e) {
        // The export itself succeeded; a broken listener must not turn it into a failure.
        System.err.println("otlp-receiver: export listener failed: " + e);
      }
    }
    return accepted;
  }

  // ---------------------------------------------------------------- builder

  /** Configures and starts an {@link OtlpReceiver}. Ports default to 0 (ephemeral). */
  public static final class Builder {
    private int grpcPort;
    private int httpPort;
    private Path tlsCertChain;
    private Path tlsPrivateKey;
    private Path clientCa;
    private boolean retainData = true;
    private Consumer<ExportRequest> listener;

    private Builder() {}

    /**
     * The gRPC port on 127.0.0.1; 0 (the default) picks a free one.
     *
     * @throws IllegalArgumentException if not in 0..65535
     */
    public Builder grpcPort(int port) {
      this.grpcPort = checkPort(port);
      return this;
    }

    /**
     * The HTTP port on 127.0.0.1; 0 (the default) picks a free one.
     *
     * @throws IllegalArgumentException if not in 0..65535
     */
    public Builder httpPort(int port) {
      this.httpPort = checkPort(port);
      return this;
    }

    /**
     * Serves both transports over TLS with this certificate chain and PKCS#8 private key (PEM
     * files). The certificate should be valid for IP 127.0.0.1.
     */
    public Builder tls(Path certChainPem, Path privateKeyPem) {
      this.tlsCertChain = Objects.requireNonNull(certChainPem, "certChainPem");
      this.tlsPrivateKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
      return this;
    }

    /**
     * Requires clients to present a certificate signed by one of the CAs in this PEM file (mutual
     * TLS). Needs {@link #tls(Path, Path)}.
     */
    public Builder clientCa(Path caPem) {
      this.clientCa = Objects.requireNonNull(caPem, "caPem");
      return this;
    }

    /**
     * Whether to keep received spans, metrics, logs and request metadata (default {@code true}).
     * A long-running benchmark receiver turns this off and relies on counts and the listener.
     */
    public Builder retainData(boolean retain) {
      this.retainData = retain;
      return this;
    }

    /**
     * Called on a server thread after each export request has been recorded (accepted or not).
     * Must be quick and thread-safe.
     */
    public Builder onExport(Consumer<ExportRequest> listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Binds and starts both servers.
     *
     * @throws IllegalStateException if {@link #clientCa(Path)} was set without {@link #tls(Path,
     *     Path)}
     * @throws UncheckedIOException if a port cannot be bound or a TLS file cannot be read
     */
    public OtlpReceiver start() {
      if (clientCa != null && tlsCertChain == null) {
        throw new IllegalStateException("clientCa(...) needs tls(...)");
      }
      if (tlsCertChain != null) {
        for (Path p : clientCa == null
            ? List.of(tlsCertChain, tlsPrivateKey)
            : List.of(tlsCertChain, tlsPrivateKey, clientCa)) {
          if (!Files.isReadable(p)) {
            throw new UncheckedIOException(new IOException("cannot read TLS file " + p));
          }
        }
      }
      OtlpReceiver receiver = new OtlpReceiver(this);
      TlsFiles tls = tlsCertChain == null ? null : new TlsFiles(tlsCertChain, tlsPrivateKey, clientCa);
      try {
        receiver.grpc = GrpcTransport.start(receiver, grpcPort, tls);
        receiver.http = HttpTransport.start(receiver, httpPort, tls);
      } catch (IOException e) {
        receiver.close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        receiver.close();
        throw e;
      }
      return receiver;
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      return port;
    }
  }

  /** TLS material for both transports; {@code clientCa} is null without mutual TLS. */
  record TlsFiles(Path certChain, Path privateKey, Path clientCa) {}
}
