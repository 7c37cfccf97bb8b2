package io.pixtrace.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Full mode's start-up cases of the start-up issue, each a pair of launches (no agent, then
 * Pixtrace with telemetry on) timed from {@code java} to the first 200, interleaved over the
 * rounds:
 *
 * <ul>
 *   <li>{@code aot}: the avatar service on JDK 25 with its AOT cache. Each variant has its own
 *       cache, recorded in a training run of that variant ({@code -XX:AOTCacheOutput}, the agent
 *       attached for Pixtrace's, as docs/startup.md tells a user);
 *   <li>{@code appcds}: the JDK 17 host (as a jar: CDS archives jars only) with a dynamic AppCDS
 *       archive made the documented way ({@code -XX:ArchiveClassesAtExit}; for Pixtrace with the
 *       agent jar on the boot class path, in the dump and in every run);
 *   <li>{@code spring}: the Spring Boot example on JDK 25, no archive.
 * </ul>
 *
 * For the two archive cases one more launch of each variant logs {@code class+load}: how many of
 * the host's own classes came from the archive ("shared objects file").
 */
final class StartupCases {
  /** One pair: how to run the host, its first request, and its own classes' package. */
  record Case(String key, String title, Path javaHome, List<String> app, String portVar, Map<String, String> hostEnv,
      String firstPath, String hostPackage, List<String> noneArgs, List<String> onArgs, boolean archive) {}

  /**
   * The host's own classes in a launch: loaded, of those from the archive, and how many the
   * agent then wove (retransformed: a second log line, source {@code __VM_RedefineClasses__}).
   */
  record HostClasses(long loaded, long shared, long woven) {
    @Override
    public String toString() {
      return shared + " of " + loaded + (woven > 0 ? " (" + woven + " of them then woven)" : "");
    }
  }

  private final List<Case> cases = new ArrayList<>();
  private final Map<String, List<Double>> startups = new LinkedHashMap<>();
  private final Map<String, HostClasses> hostClasses = new LinkedHashMap<>();
  private final Path out;
  private final Path agent;
  private final Map<String, String> onEnv;

  /**
   * @param dir where the archives and logs go
   * @param onEnv the environment of the Pixtrace variant (endpoint, metrics on)
   */
  StartupCases(Map<String, String> opt, Path dir, String origin, Map<String, String> onEnv) throws Exception {
    this.out = dir;
    this.agent = Path.of(opt.get("pixtrace"));
    this.onEnv = onEnv;
    Files.createDirectories(dir);
    String alice = "c160f8cc69a4f0bf2b0362752353d060";
    Path java25 = Path.of(opt.get("java25"));
    Path noneAot = dir.resolve("avatar-none.aot");
    Path onAot = dir.resolve("avatar-on.aot");
    cases.add(new Case("aot", "avatar service, JDK 25, its AOT cache", java25, List.of("-jar", opt.get("avatar")),
        "AVATAR_PORT", Map.of("AVATAR_UPSTREAM_URL", origin), "/avatar/" + alice + "?s=64", "io.pixtrace.examples.",
        List.of("-XX:AOTCache=" + noneAot), List.of("-XX:AOTCache=" + onAot), true));
    Path noneJsa = dir.resolve("jdk17-none.jsa");
    Path onJsa = dir.resolve("jdk17-on.jsa");
    String boot = "-Xbootclasspath/a:" + agent;
    cases.add(new Case("appcds", "JDK 17 host, its AppCDS archive", Path.of(opt.get("java17")),
        List.of("-cp", opt.get("host17jar"), "io.pixtrace.bench.host.Jdk17Host"), "PORT", Map.of("UPSTREAM", origin),
        "/img/" + alice, "io.pixtrace.bench.host.",
        List.of("-XX:SharedArchiveFile=" + noneJsa), List.of("-XX:SharedArchiveFile=" + onJsa, boot), true));
    cases.add(new Case("spring", "Spring Boot example, JDK 25", java25, List.of("-jar", opt.get("spring")),
        "SERVER_PORT", Map.of(), "/thumbnail/128?url=" + origin + "/" + alice, "io.pixtrace.examples.",
        List.of(), List.of(), false));

    // The recording runs, once each.
    train(cases.get(0), List.of("-XX:AOTCacheOutput=" + noneAot), false, noneAot);
    train(cases.get(0), List.of("-XX:AOTCacheOutput=" + onAot), true, onAot);
    train(cases.get(1), List.of("-XX:ArchiveClassesAtExit=" + noneJsa), false, noneJsa);
    // JDK 17 refuses to dump with an agent attached: the documented dump has the jar on the boot class path only.
    train(cases.get(1), List.of("-XX:ArchiveClassesAtExit=" + onJsa, boot), false, onJsa);
  }

  List<Case> cases() {
    return cases;
  }

  /** One round: each case's two variants, no agent first. */
  void round(int rep, Runnable awaitQuiet) throws Exception {
    for (Case c : cases) {
      for (boolean on : new boolean[] {false, true}) {
        awaitQuiet.run();
        double ms = firstStart(c, on, List.of(), "rep" + rep);
        startups.computeIfAbsent(c.key + (on ? "/on" : "/none"), k -> new ArrayList<>()).add(ms);
        Driver.log("start-up case %-6s %-4s %6.0f ms", c.key, on ? "on" : "none", ms);
      }
    }
  }

  /** The class-load logging launches (archive cases only). */
  void countHostClasses() throws Exception {
    for (Case c : cases) {
      if (!c.archive) {
        continue;
      }
      for (boolean on : new boolean[] {false, true}) {
        Path log = out.resolve(c.key + (on ? "-on" : "-none") + "-class-load.txt");
        firstStart(c, on, List.of("-Xlog:class+load:file=" + log), "classes");
        long loaded = 0;
        long shared = 0;
        long woven = 0;
        for (String line : Files.readAllLines(log)) {
          if (line.contains("] " + c.hostPackage)) {
            if (line.contains("source: __VM_RedefineClasses__")) {
              woven++;
            } else {
              loaded++;
              shared += line.contains("source: shared objects file") ? 1 : 0;
            }
          }
        }
        hostClasses.put(c.key + (on ? "/on" : "/none"), new HostClasses(loaded, shared, woven));
      }
    }
  }

  List<Double> startups(String key) {
    return startups.getOrDefault(key, List.of());
  }

  HostClasses hostClasses(String key) {
    return hostClasses.get(key);
  }

  private List<String> command(Case c, boolean on, List<String> extra) {
    List<String> cmd = new ArrayList<>();
    cmd.add(c.javaHome.resolve("bin/java").toString());
    cmd.addAll(Driver.HEAP);
    cmd.addAll(extra);
    cmd.addAll(on ? c.onArgs : c.noneArgs);
    if (on) {
      cmd.add("-javaagent:" + agent);
    }
    cmd.addAll(c.app);
    return cmd;
  }

  private Map<String, String> env(Case c, boolean on, int port) {
    Map<String, String> env = new LinkedHashMap<>(c.hostEnv);
    if (on) {
      env.putAll(onEnv);
    }
    env.put(c.portVar, Integer.toString(port));
    return env;
  }

  /** One launch until its first 200; the milliseconds from {@code java} to it. */
  private double firstStart(Case c, boolean on, List<String> extra, String tag) throws Exception {
    int port = Driver.freePort();
    Path log = out.resolve(c.key + "-" + (on ? "on" : "none") + "-" + tag + ".log");
    try (HttpClient client = Driver.client();
        Launch l = Launch.start(command(c, on, extra), env(c, on, port), log)) {
      return l.awaitFirst200(client, URI.create("http://127.0.0.1:" + port + c.firstPath), Duration.ofSeconds(120));
    }
  }

  /**
   * A recording run: the variant's usual start, 50 requests, then SIGTERM; waits (at most 3
   * min) for the JVM to write the archive as it exits.
   *
   * @throws IllegalStateException when no archive was written
   */
  private void train(Case c, List<String> recording, boolean agentAttached, Path archive) throws Exception {
    int port = Driver.freePort();
    Path log = out.resolve(c.key + "-" + archive.getFileName() + "-training.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(c.javaHome.resolve("bin/java").toString());
    cmd.addAll(Driver.HEAP);
    cmd.addAll(recording);
    if (agentAttached) {
      cmd.add("-javaagent:" + agent);
    }
    cmd.addAll(c.app);
    Driver.log("recording %s", archive.getFileName());
    try (HttpClient client = Driver.client();
        Launch l = Launch.start(cmd, env(c, agentAttached, port), log)) {
      URI first = URI.create("http://127.0.0.1:" + port + c.firstPath);
      l.awaitFirst200(client, first, Duration.ofSeconds(120));
      Load.run(client, List.of(first), 50, 1, Duration.ofSeconds(60));
      l.process.destroy();
      l.process.waitFor(180, TimeUnit.SECONDS);
    }
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException("no archive " + archive + " written; see " + log);
    }
  }
}
