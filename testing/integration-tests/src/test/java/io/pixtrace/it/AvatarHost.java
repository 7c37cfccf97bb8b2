package io.pixtrace.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example avatar service in its own JDK 25 JVM, started as a user starts it:
 * {@code java --enable-native-access=ALL-UNNAMED -javaagent:pixtrace-agent.jar -jar avatar-service.jar},
 * with {@code IMGPROXY_*}/{@code OTEL_*} variables given per test.
 */
final class AvatarHost implements AutoCloseable {
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final HostProcess process;
  final String url;

  private AvatarHost(HostProcess process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts the service; {@code agent=false} runs it without the agent, for comparisons. */
  static AvatarHost start(boolean agent, String upstream, Map<String, String> env) throws Exception {
    return start(agent, upstream, env, List.of());
  }

  /**
   * Starts the service through {@code launcher}, a command that ends by running the arguments
   * it is given ({@code sh -c '... exec "$@"' sh}): the java command and its arguments follow it.
   */
  static AvatarHost start(boolean agent, String upstream, Map<String, String> env, List<String> launcher)
      throws Exception {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("AVATAR_PORT", "0");
    all.put("AVATAR_UPSTREAM_URL", upstream);
    all.put("AVATAR_UPSTREAM_TIMEOUT_MS", "5000");
    all.putAll(env);
    List<String> args = new ArrayList<>();
    args.add("--enable-native-access=ALL-UNNAMED");
    args.add("-Xmx256m");
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.add("-jar");
    args.add(jar().toString());
    HostProcess p;
    if (launcher.isEmpty()) {
      p = HostProcess.start(HostProcess.currentJava(), all, args);
    } else {
      List<String> command = new ArrayList<>(launcher.subList(1, launcher.size()));
      command.add(HostProcess.currentJava().toString());
      command.addAll(args);
      p = HostProcess.start(Path.of(launcher.get(0)), all, command);
    }
    String url = p.awaitStdout("avatar-service listening on (http://\\S+)", Duration.ofSeconds(60));
    return new AvatarHost(p, url);
  }

  /** The example's executable jar ({@code -Davatar.jar}, or the one this build made). */
  static Path jar() {
    return Path.of(System.getProperty("avatar.jar", "../../examples/avatar-service/target/avatar-service.jar"))
        .toAbsolutePath();
  }

  HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> post(String path, byte[] body) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
