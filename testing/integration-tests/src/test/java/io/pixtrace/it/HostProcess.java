package io.pixtrace.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host JVM started as a user would start it: {@code java [-javaagent:...] ... }, with its
 * own environment (no inherited {@code IMGPROXY_*}/{@code OTEL_*}), its standard output and
 * error captured line by line.
 */
final class HostProcess implements AutoCloseable {
  private final Process process;
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();

  private final Thread[] pumps;

  private HostProcess(Process process) {
    this.process = process;
    this.pumps = new Thread[] {
      pump(process.getInputStream(), stdout, "stdout"), pump(process.getErrorStream(), stderr, "stderr")
    };
  }

  /** The agent jar under test. */
  static Path agentJar() {
    Path p = Path.of(System.getProperty("pixtrace.agent.jar", "../../agent/target/pixtrace-agent.jar"));
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("agent jar not built: " + p.toAbsolutePath() + " (run mvn package first)");
    }
    return p.toAbsolutePath().normalize();
  }

  /** The {@code java} launcher of the JDK running the tests (25 in this build). */
  static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * A JDK 17 {@code java}: {@code -Dpixtrace.java17.home}, {@code JAVA17_HOME}, or the one
   * Debian installs under /usr/lib/jvm. Fails (never skips) when there is none.
   */
  static Path java17() {
    List<String> candidates = new ArrayList<>();
    String prop = System.getProperty("pixtrace.java17.home");
    if (prop != null) {
      candidates.add(prop);
    }
    String env = System.getenv("JAVA17_HOME");
    if (env != null) {
      candidates.add(env);
    }
    try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
      dirs.map(Path::toString).filter(d -> d.contains("17")).sorted().forEach(candidates::add);
    } catch (IOException ignored) {
      // no /usr/lib/jvm: only the explicit settings count
    }
    for (String c : candidates) {
      Path java = Path.of(c, "bin", "java");
      if (Files.isExecutable(java)) {
        return java;
      }
    }
    throw new IllegalStateException("no JDK 17 found: set JAVA17_HOME (tried " + candidates + ")");
  }

  private static Path java21;

  /**
   * A JDK 21 {@code java}: Debian 12 has none, so {@code scripts/jdk21.sh} makes Debian 13's in
   * a tree of its own (once per machine, as root) and this is the wrapper it prints. Fails
   * (never skips) when the script fails.
   */
  static synchronized Path java21() throws IOException, InterruptedException {
    if (java21 == null) {
      Path script = Path.of(System.getProperty("pixtrace.repo", "../..")).resolve("scripts/jdk21.sh").toAbsolutePath().normalize();
      Process p = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IllegalStateException(script + " could not make a JDK 21 (exit " + p.exitValue() + ")");
      }
      java21 = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }
    return java21;
  }

  /** Starts {@code java args...} with exactly {@code env} (plus PATH and HOME). */
  static HostProcess start(Path java, Map<String, String> env, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> e = pb.environment();
    Map<String, String> keep = new LinkedHashMap<>();
    for (String k : List.of("PATH", "HOME", "LANG")) {
      if (System.getenv(k) != null) {
        keep.put(k, System.getenv(k));
      }
    }
    e.clear();
    e.putAll(keep);
    e.putAll(env);
    return new HostProcess(pb.start());
  }

  /** Waits for a line on stdout matching {@code regex}; returns its first group (or the line). */
  String awaitStdout(String regex, Duration timeout) throws InterruptedException {
    return await(stdout, regex, timeout, "stdout");
  }

  /** Waits for a line on stderr matching {@code regex}. */
  String awaitStderr(String regex, Duration timeout) throws InterruptedException {
    return await(stderr, regex, timeout, "stderr");
  }

  private String await(List<String> lines, String regex, Duration timeout, String name) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      synchronized (lines) {
        for (; seen < lines.size(); seen++) {
          Matcher m = p.matcher(lines.get(seen));
          if (m.find()) {
            return m.groupCount() > 0 ? m.group(1) : lines.get(seen);
          }
        }
      }
      if (!process.isAlive()) {
        Thread.sleep(100);
        synchronized (lines) {
          if (seen >= lines.size()) {
            throw new AssertionError("process exited (" + process.exitValue() + ") before " + name + " showed /"
                + regex + "/\n" + output());
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line /" + regex + "/ on " + name + " within " + timeout + "\n" + output());
  }

  /** The process id (for jcmd). */
  long pid() {
    return process.pid();
  }

  List<String> stdout() {
    synchronized (stdout) {
      return List.copyOf(stdout);
    }
  }

  List<String> stderr() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  /** Everything the process printed, for assertion messages. */
  String output() {
    return "--- stdout ---\n" + String.join("\n", stdout()) + "\n--- stderr ---\n" + String.join("\n", stderr());
  }

  /** Waits for the process to end by itself; returns its exit code. */
  int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process still running after " + timeout + "\n" + output());
    }
    for (Thread pump : pumps) {
      pump.join(5000);
    }
    return process.exitValue();
  }

  /**
   * Stops the process (SIGTERM, so shutdown hooks flush) and waits for it. Through its
   * {@link ProcessHandle}: {@link Process#destroy()} also closes our ends of its pipes, so what
   * it prints while it exits would fail to be written (a JDK 25 training run then writes no
   * AOT cache) and be lost here.
   */
  int stop() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (Thread pump : pumps) {
      pump.join(5000);
    }
    return process.exitValue();
  }

  /**
   * Stops the host with SIGTERM and waits until it has exited by itself. Its shutdown hooks run,
   * the agent's OpenTelemetry SDK's among them, which exports what its batch processors and
   * metric readers still hold (docs/configuration.md: the SDK shuts down at JVM exit). Once this
   * returns, every span, metric point and log record the host would ever export has reached its
   * collector: the positive signal an absence check waits for.
   */
  void flush() throws InterruptedException {
    int status = stop();
    if (status != 143) { // 128 + SIGTERM: the JVM ended on the signal, after its shutdown hooks
      throw new AssertionError("the host did not exit on SIGTERM (status " + status + ")\n" + output());
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  private static Thread pump(InputStream in, List<String> sink, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (sink) {
            sink.add(line);
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "host-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
