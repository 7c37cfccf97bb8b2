package io.pixtrace.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One process the driver started: its output goes to a log file; CPU time and RSS are read
 * from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. Every launch is stopped by
 * {@link #close()} (SIGTERM, then SIGKILL after 10 s), and by a shutdown hook if the driver
 * itself is stopped.
 */
final class Launch implements AutoCloseable {
  private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process p : STARTED) {
        p.destroy();
      }
      for (Process p : STARTED) {
        try {
          if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
        }
      }
    }, "stop-launches"));
  }

  final Process process;
  final long pid;
  final Path log;
  /** {@link System#nanoTime()} just before the process was started. */
  final long startNanos;

  private Launch(Process process, Path log, long startNanos) {
    this.process = process;
    this.pid = process.pid();
    this.log = log;
    this.startNanos = startNanos;
  }

  /** Starts {@code command} with a clean environment plus {@code env}; stdout and stderr go to {@code log}. */
  static Launch start(List<String> command, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("IMGPROXY_")
        || k.startsWith("AVATAR_") || k.startsWith("PIXTRACE_") || k.endsWith("JAVA_OPTIONS")
        || k.equals("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    STARTED.add(p);
    return new Launch(p, log, t0);
  }

  /** Waits until the log holds a line matching {@code pattern} and returns its first group. */
  String awaitLine(Pattern pattern, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines()) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m.group(1);
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no line matching " + pattern + " from pid " + pid + ":\n" + tail());
  }

  /**
   * Polls {@code uri} every 5 ms until it answers 200 and returns the milliseconds since the
   * process was started.
   */
  double awaitFirst200(HttpClient client, URI uri, Duration timeout) throws Exception {
    long deadline = startNanos + timeout.toNanos();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("pid " + pid + " exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          return (System.nanoTime() - startNanos) / 1e6;
        }
      } catch (ConnectException e) {
        // not listening yet
      } catch (IOException e) {
        // e.g. connection reset while starting
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("no 200 from " + uri + " within " + timeout + " (threads: " + threadDump() + "):\n" + tail());
  }

  /** The process's thread dump ({@code jstack}) beside its log, to see where a stuck start-up waits. */
  private Path threadDump() {
    Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
    try {
      new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), "-l", Long.toString(pid))
          .redirectErrorStream(true).redirectOutput(dump.toFile()).start().waitFor();
    } catch (IOException | InterruptedException e) {
      return Path.of("not taken: " + e);
    }
    return dump;
  }

  /** User + system CPU time of the whole process (all threads), in clock ticks. */
  long cpuTicks() throws IOException {
    return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
  }

  /** One thread's name ({@code /proc/<pid>/task/<tid>/comm}, at most 15 characters) and CPU time in clock ticks. */
  record ThreadTicks(String name, long ticks) {}

  /**
   * Every live thread's name and CPU time, by thread id. Keyed by id because some threads
   * rename themselves while they work (OkHttp names a dispatcher thread after the call it
   * runs); a difference of two snapshots ({@link #ticksSince}) then follows each thread.
   */
  Map<String, ThreadTicks> threadTicks() throws IOException {
    Map<String, ThreadTicks> threads = new HashMap<>();
    try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          threads.put(task.getFileName().toString(),
              new ThreadTicks(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks(stat)));
        } catch (IOException threadGone) {
          // the thread ended between listing and reading
        }
      }
    }
    return threads;
  }

  /**
   * Ticks that the threads of {@code now} whose name {@code group} accepts spent since
   * {@code before} (a thread new since then counts whole). A thread that ended in between is
   * not counted: its last ticks are gone with it.
   */
  static long ticksSince(Map<String, ThreadTicks> before, Map<String, ThreadTicks> now, Predicate<String> group) {
    long sum = 0;
    for (Map.Entry<String, ThreadTicks> e : now.entrySet()) {
      if (group.test(e.getValue().name())) {
        ThreadTicks then = before.get(e.getKey());
        sum += e.getValue().ticks() - (then == null ? 0 : then.ticks());
      }
    }
    return sum;
  }

  /** The JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre}). */
  static boolean compilerThread(String name) {
    return name.contains("CompilerThre");
  }

  /**
   * The telemetry SDK's own threads, Pixtrace's and the OpenTelemetry agent's alike: the batch
   * processors, the metric reader, and the OTLP sender's OkHttp threads (the JDK's HTTP client
   * threads are the host's, so the OpenTelemetry agent's figure leaves out what runs there).
   */
  static boolean exportThread(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.startsWith("batchspanproces") || n.startsWith("batchlogrecordp") || n.startsWith("periodicmetricr")
        || n.startsWith("okhttp") || n.startsWith("okio");
  }

  /** utime + stime of a {@code /proc/.../stat} line (fields 14 and 15 of proc(5)). */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** A field of {@code /proc/<pid>/status} such as {@code VmRSS} (kB) or {@code Threads}. */
  long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
  }

  /** Classes loaded so far ({@code java.cls.loadedClasses}, read by {@code jstat -class}, no attach). */
  long loadedClasses(Path jstat) throws Exception {
    Process p = new ProcessBuilder(jstat.toString(), "-class", Long.toString(pid)).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("jstat timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String[] lines = out.strip().split("\n");
    if (lines.length < 2 || !lines[0].trim().startsWith("Loaded")) {
      throw new IllegalStateException("unexpected jstat output: " + out);
    }
    return Long.parseLong(lines[1].trim().split("\\s+")[0]);
  }

  List<String> lines() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : new ArrayList<>();
  }

  String tail() {
    try {
      List<String> l = lines();
      return String.join("\n", l.subList(Math.max(0, l.size() - 20), l.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    STARTED.remove(process);
  }
}
