package io.pixtrace.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDK 17 host ({@link Jdk17Host}) with the agent, its upstream and {@code IMGPROXY_*}
 * variables given per test, and optional JVM options (e.g. a trust store), for the export and
 * propagation tests.
 */
final class ExportHost implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final HostProcess process;
  final String url;

  private ExportHost(HostProcess process, String url) {
    this.process = process;
    this.url = url;
  }

  static ExportHost start(String upstream, Map<String, String> env) throws Exception {
    return start(upstream, env, List.of());
  }

  static ExportHost start(String upstream, Map<String, String> env, List<String> jvmOptions) throws Exception {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("UPSTREAM", upstream);
    all.putAll(env);
    List<String> args = new ArrayList<>(jvmOptions);
    args.add("-javaagent:" + HostProcess.agentJar());
    args.add("-cp");
    args.add(Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath().toString());
    args.add(Jdk17Host.class.getName());
    HostProcess p = HostProcess.start(HostProcess.java17(), all, args);
    try {
      return new ExportHost(p, p.awaitStdout("jdk17-host listening on (\\S+)", WAIT));
    } catch (AssertionError | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** {@code GET /img/{name}} with the given request headers (name, value, ...); the host downloads {@code name}. */
  HttpResponse<String> image(String name, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/img/" + name)).timeout(WAIT);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return AvatarHost.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Everything the host printed on standard error. */
  String stderr() {
    return String.join("\n", process.stderr());
  }

  @Override
  public void close() {
    try {
      process.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
