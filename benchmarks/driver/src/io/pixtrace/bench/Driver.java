package io.pixtrace.bench;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * The macro benchmark. Starts one OTLP receiver and one image origin, then launches each
 * host (the avatar service on JDK 25, a small JDK 17 host) in four variants, interleaved
 * (none, on, off, otel, none, on, ...), and measures per launch: start-up to the first 200,
 * classes loaded at that point, process CPU and latency under a fixed closed-loop load, and
 * RSS (the heap is pinned, so RSS differences are outside the heap). Full mode also counts
 * log lines while the collector is down, and shows where the extra classes and memory go
 * ({@code -Xlog:class+load}, native memory tracking). Prints Markdown tables, the agent jar
 * sizes, the JMH results and the budget with PASS/FAIL; writes them to {@code OUT/results.md}.
 *
 * <p>Usage: {@code Driver --mode quick|full --java25 DIR --java17 DIR --pixtrace JAR --otel JAR
 * --avatar JAR --receiver JAR --host17 DIR --out DIR [--jmh CSV]}
 */
public final class Driver {
  /** Same heap for every launch: fully committed and touched, so RSS changes are not heap. */
  static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

  /**
   * quick: the avatar service only, short load, no collector-down window, no class
   * breakdown, no {@link StartupCases}; full: both hosts, everything.
   */
  record Settings(List<String> hosts, int reps, int roundsSeconds, int warmup, int requests, int concurrency,
      int downSeconds, List<String> downVariants, boolean breakdown, int startupRounds) {
    static Settings of(String mode) {
      return switch (mode) {
        case "quick" -> new Settings(List.of("avatar"), 3, 150, 100, 250, 2, 0, List.of(), false, 0);
        case "full" -> new Settings(List.of("avatar", "jdk17"), 5, 660, 300, 700, 2, 120, List.of("on", "otel"), true, 3);
        default -> throw new IllegalArgumentException("--mode quick|full, not " + mode);
      };
    }
  }

  record Variant(String key, String title, Path agent, Map<String, String> env, int exporters) {}

  /** {@code loadFactor}: multiplies the request counts (the JDK 17 host's requests are much cheaper). */
  record Host(String key, String title, Path javaHome, List<String> app, String portVar, String upstreamVar,
      List<String> paths, int loadFactor) {}

  record Sample(double startupMs, long classes, double cpuPer1000, double jitPer1000, double exportPer1000, double rps, double p50,
      double p99, long rssKb, long threads, double otherCores) {}

  private final Settings settings;
  private final Map<String, String> opt;
  private final Path out;
  private final List<Host> hosts = new ArrayList<>();
  private final List<Variant> variants = new ArrayList<>();
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private final long ticksPerSecond;
  private String origin;
  private int receiverPort;
  /** The receiver and the origin, whose CPU is ours, not "other load". */
  private final List<Launch> fixtures = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();

  private Driver(Map<String, String> opt) throws Exception {
    this.opt = opt;
    this.settings = Settings.of(opt.getOrDefault("mode", "quick"));
    this.out = Path.of(opt.get("out"));
    Files.createDirectories(out.resolve("logs"));
    Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
    this.ticksPerSecond = Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
    String alice = "c160f8cc69a4f0bf2b0362752353d060";
    String bob = "4b9bb80620f03eb3719e0a061c14283d";
    String carol = "d4766e3f21c67b7c786f012d910fa54f";
    hosts.add(new Host("avatar", "avatar service (JDK 25, libvips)", Path.of(opt.get("java25")),
        List.of("-jar", opt.get("avatar")), "AVATAR_PORT", "AVATAR_UPSTREAM_URL",
        List.of("/avatar/" + alice + "?s=64", "/avatar/" + bob + "?s=128&f=webp", "/avatar/" + carol + "?s=80&f=jpg"), 1));
    hosts.add(new Host("jdk17", "JDK 17 host (no libvips)", Path.of(opt.get("java17")),
        List.of("-cp", opt.get("host17"), "io.pixtrace.bench.host.Jdk17Host"), "PORT", "UPSTREAM",
        List.of("/img/" + alice, "/both/" + bob, "/img/" + carol), 3));
    hosts.removeIf(h -> !settings.hosts.contains(h.key));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new Driver(opt).run();
  }

  private void run() throws Exception {
    long t0 = System.nanoTime();
    Path java25 = Path.of(opt.get("java25"), "bin", "java");
    try (Launch receiver = Launch.start(List.of(java25.toString(), "-jar", opt.get("receiver"),
            "--grpc-port", "0", "--http-port", "0", "--quiet"), Map.of(), out.resolve("logs/receiver.log"));
        // TCP_NODELAY on the origin: without it each download waits ~40 ms (Nagle + delayed ACK).
        Launch originServer = Launch.start(List.of(java25.toString(), "-Dsun.net.httpserver.nodelay=true", "-cp", opt.get("avatar"),
            "io.pixtrace.examples.avatar.OriginServer", "0"), Map.of(), out.resolve("logs/origin.log"))) {
      receiverPort = Integer.parseInt(receiver.awaitLine(Pattern.compile("grpc=127\\.0\\.0\\.1:(\\d+)"), Duration.ofSeconds(60)));
      origin = originServer.awaitLine(Pattern.compile("origin listening on (http://\\S+)"), Duration.ofSeconds(60));
      fixtures.add(receiver);
      fixtures.add(originServer);
      log("receiver grpc=127.0.0.1:%d, origin %s, mode %s %s", receiverPort, origin, opt.get("mode"), settings);

      String endpoint = "127.0.0.1:" + receiverPort;
      variants.add(new Variant("none", "1 no agent", null, Map.of(), 0));
      variants.add(new Variant("on", "2 Pixtrace, telemetry on", Path.of(opt.get("pixtrace")),
          Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", endpoint, "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true"), 2));
      variants.add(new Variant("off", "3 Pixtrace, telemetry off", Path.of(opt.get("pixtrace")), Map.of(), 0));
      // The OpenTelemetry agent exports traces, metrics and logs by default: three exporters.
      variants.add(new Variant("otel", "4 OpenTelemetry agent 2.33.1", Path.of(opt.get("otel")),
          Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), 3));
      // --baseline: another build of Pixtrace, set up as variant 2, to see what a change costs in one run.
      if (opt.get("baseline") != null) {
        variants.add(new Variant("base", "5 Pixtrace baseline build, telemetry on", Path.of(opt.get("baseline")),
            Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", endpoint, "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true"), 2));
      }
      // --all-on: variant 2 with every optional feature on as well (ALL_ON=1 in run.sh): log
      // export, the Prometheus endpoint, request header capture, tail sampling at 10 %.
      if (opt.get("all-on") != null) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", endpoint,
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true", "IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS", "true",
            "IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:" + freePort(),
            "IMGPROXY_OPEN_TELEMETRY_CAPTURE_REQUEST_HEADERS", "Accept,Save-Data,DPR,Width,Viewport-Width,X-Request-ID",
            "IMGPROXY_OPEN_TELEMETRY_TAIL_SAMPLING_RATIO", "0.1"));
        variants.add(new Variant("all", "6 Pixtrace, every option on", Path.of(opt.get("pixtrace")), all, 3));
      }

      // While the collector-down window runs (it needs no quiet machine): one unrecorded
      // start-up per host and variant (page cache, jars, CDS archive), and the breakdowns.
      Map<String, double[]> down = new TreeMap<>();
      List<Exception> downFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Thread> downThreads = settings.downSeconds > 0 ? startCollectorDown(down, downFailures) : List.of();
      for (Host h : hosts) {
        for (Variant v : variants) {
          measure(h, v, "warm", false);
        }
      }
      Map<String, long[]> classes = settings.breakdown ? classBreakdown(hosts.get(0)) : null;
      Map<String, double[]> memory = settings.breakdown ? memoryBreakdown(hosts.get(0)) : null;
      for (Thread t : downThreads) {
        t.join((settings.downSeconds + 300) * 1000L);
      }
      if (!downFailures.isEmpty()) {
        throw downFailures.get(0);
      }
      long roundsStart = System.nanoTime();
      for (int rep = 1; rep <= settings.reps; rep++) {
        // Bounded in time as well: after three rounds, no round that would end past the limit.
        double elapsed = (System.nanoTime() - roundsStart) / 1e9;
        if (rep > 3 && elapsed + elapsed / (rep - 1) > settings.roundsSeconds) {
          log("stopping after %d rounds: another one would end after %d s", rep - 1, settings.roundsSeconds);
          report.append(String.format("%nStopped after %d rounds (time limit %d s).%n", rep - 1, settings.roundsSeconds));
          break;
        }
        for (Host h : hosts) {
          for (Variant v : variants) {
            Sample s = measure(h, v, "rep" + rep, true);
            samples.computeIfAbsent(h.key + "/" + v.key, k -> new ArrayList<>()).add(s);
            log("round %d %-6s %-5s start %6.0f ms  classes %5d  cpu %.3f s/1k (jit %.3f, export %.3f)  %5.0f req/s  p50 %.2f p99 %.2f ms  rss %d MiB  threads %d  other load %.2f cores",
                rep, h.key, v.key, s.startupMs, s.classes, s.cpuPer1000, s.jitPer1000, s.exportPer1000, s.rps, s.p50, s.p99, s.rssKb / 1024, s.threads, s.otherCores);
          }
        }
      }

      StartupCases startup = null;
      if (settings.startupRounds > 0) {
        startup = new StartupCases(opt, out.resolve("startup"), origin, variants.get(1).env);
        for (int rep = 1; rep <= settings.startupRounds; rep++) {
          startup.round(rep, this::awaitQuietUnchecked);
        }
        startup.countHostClasses();
      }

      header();
      for (Host h : hosts) {
        hostTables(h);
      }
      if (startup != null) {
        startupTable(startup);
      }
      jarTable();
      if (!down.isEmpty()) {
        downTable(down);
      }
      if (classes != null) {
        breakdownTable(classes);
        memoryTable(memory);
      }
      List<String[]> jmh = jmhTable();
      budgetTable(down, jmh, startup);
      report.append(String.format("%nMacro run took %.1f min.%n", (System.nanoTime() - t0) / 60e9));
      System.out.print(report);
      Files.writeString(out.resolve("results.md"), report.toString());
    }
  }

  // ---------------------------------------------------------------- measurements

  private List<String> command(Host h, Variant v, List<String> extra) {
    List<String> cmd = new ArrayList<>();
    cmd.add(h.javaHome.resolve("bin/java").toString());
    cmd.addAll(HEAP);
    if (v.agent != null) {
      cmd.add("-javaagent:" + v.agent);
    }
    cmd.addAll(extra);
    cmd.addAll(h.app);
    return cmd;
  }

  private Map<String, String> env(Host h, Variant v, int port) {
    Map<String, String> env = new LinkedHashMap<>(v.env);
    env.put(h.portVar, Integer.toString(port));
    env.put(h.upstreamVar, origin);
    return env;
  }

  private List<URI> uris(Host h, int port) {
    return h.paths.stream().map(p -> URI.create("http://127.0.0.1:" + port + p)).toList();
  }

  /** The driver's HTTP/1.1 client, a 2 s connect timeout. */
  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * A Pixtrace variant's launch must have the agent in the state the variant is about (its
   * start line, printed before the host's {@code main}): an agent that could not start leaves
   * the host running untraced, and its figures would pass for the agent's.
   */
  private static void requireAgentState(Launch l, Variant v) throws Exception {
    if (v.agent() == null || v.key().equals("otel")) {
      return;
    }
    boolean on = v.env().containsKey("IMGPROXY_OPEN_TELEMETRY_ENDPOINT");
    l.awaitLine(Pattern.compile(on ? "\\[pixtrace\\] INFO (Pixtrace \\S+ is on)" : "\\[pixtrace\\] INFO (telemetry is off)"),
        Duration.ofSeconds(5));
  }

  /** One launch: start-up, classes, then warm-up and the measured load; RSS at the end. */
  private Sample measure(Host h, Variant v, String tag, boolean load) throws Exception {
    if (load) {
      awaitQuiet();
    }
    int port = freePort();
    Path log = out.resolve("logs/" + h.key + "-" + v.key + "-" + tag + ".log");
    try (HttpClient client = client();
        Launch l = Launch.start(command(h, v, List.of()), env(h, v, port), log)) {
      List<URI> uris = uris(h, port);
      double startup = l.awaitFirst200(client, uris.get(0), Duration.ofSeconds(90));
      long classes = l.loadedClasses(h.javaHome.resolve("bin/jstat"));
      requireAgentState(l, v);
      if (!load) {
        return null;
      }
      int warmup = settings.warmup * h.loadFactor;
      int requests = settings.requests * h.loadFactor;
      Load.Result warm = Load.run(client, uris, warmup, settings.concurrency, Duration.ofSeconds(120));
      check(warm, warmup, h, v);
      long busy0 = machineBusyTicks();
      long ours0 = fixtureTicks();
      long cpu0 = l.cpuTicks();
      Map<String, Launch.ThreadTicks> threads0 = l.threadTicks();
      Load.Result r = Load.run(client, uris, requests, settings.concurrency, Duration.ofSeconds(180));
      long cpu1 = l.cpuTicks();
      Map<String, Launch.ThreadTicks> threads1 = l.threadTicks();
      long jit = Launch.ticksSince(threads0, threads1, Launch::compilerThread);
      long export = Launch.ticksSince(threads0, threads1, Launch::exportThread);
      long other = machineBusyTicks() - busy0 - (fixtureTicks() - ours0) - (cpu1 - cpu0);
      check(r, requests, h, v);
      double cpuSeconds = (cpu1 - cpu0) / (double) ticksPerSecond;
      double perThousand = 1000.0 / r.sent() / ticksPerSecond;
      return new Sample(startup, classes, cpuSeconds / r.sent() * 1000, jit * perThousand, export * perThousand, r.perSecond(), r.percentileMs(50),
          r.percentileMs(99), l.status("VmRSS"), l.status("Threads"), Math.max(0, other / (double) ticksPerSecond / r.seconds()));
    }
  }

  private static void check(Load.Result r, int count, Host h, Variant v) {
    if (r.sent() < count || r.errors() > 0) {
      throw new IllegalStateException(h.key + "/" + v.key + ": " + r.sent() + " of " + count
          + " requests sent in time, " + r.errors() + " not answered 200, first: " + r.firstError());
    }
  }

  /** Busy CPU ticks of the whole machine, all cores ({@code /proc/stat}). */
  private static long machineBusyTicks() throws java.io.IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal ...
    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
  }

  /** CPU ticks of the driver itself, the receiver and the origin. */
  private long fixtureTicks() throws java.io.IOException {
    long ticks = Launch.ticks(Files.readString(Path.of("/proc/self/stat")));
    for (Launch l : fixtures) {
      ticks += l.cpuTicks();
    }
    return ticks;
  }

  /**
   * Other engineers' builds share this machine: before a launch, waits (at most 10 s) until
   * the CPU used by processes that are not ours stays below 0.25 cores for half a second.
   */
  private void awaitQuiet() throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    double other = 0;
    while (System.nanoTime() < deadline) {
      long busy0 = machineBusyTicks();
      long ours0 = fixtureTicks();
      Thread.sleep(500);
      other = (machineBusyTicks() - busy0 - (fixtureTicks() - ours0)) / (double) ticksPerSecond / 0.5;
      if (other < 0.25) {
        return;
      }
    }
    log("the machine is busy with other work (%.2f cores), measuring anyway", other);
  }

  /**
   * Each {@code downVariants} variant of each host exports to a port nobody listens on, with
   * a metric export every 5 s; after the first 200, a trickle of requests (one per 100 ms)
   * keeps spans coming for {@code downSeconds}; the lines the process writes in that window
   * are counted and timed (to 0.1 s), and the most lines in any 60 s is the rate. All launches
   * run at the same time, in the background (CPU does not matter here).
   *
   * @param result filled per host/variant with {lines, seconds, exporters, most lines in 60 s}
   * @return the threads to join
   */
  private List<Thread> startCollectorDown(Map<String, double[]> result, List<Exception> failures) {
    int closed = freePort();
    List<Thread> threads = new ArrayList<>();
    for (Host h : hosts) {
      for (Variant v : variants) {
        if (!settings.downVariants.contains(v.key)) {
          continue;
        }
        Map<String, String> env = new LinkedHashMap<>();
        v.env.forEach((k, val) -> env.put(k, val.replace(":" + receiverPort, ":" + closed)));
        env.put("OTEL_METRIC_EXPORT_INTERVAL", "5000");
        Variant downVariant = new Variant(v.key, v.title, v.agent, env, v.exporters);
        Thread t = new Thread(() -> {
          int port = freePort();
          Path log = out.resolve("logs/" + h.key + "-" + v.key + "-collector-down.log");
          try (HttpClient client = client();
              Launch l = Launch.start(command(h, downVariant, List.of()), env(h, downVariant, port), log)) {
            List<URI> uris = uris(h, port);
            l.awaitFirst200(client, uris.get(0), Duration.ofSeconds(120));
            int before = l.lines().size();
            int seen = before;
            List<Double> times = new ArrayList<>(); // when each new line was first seen, s into the window
            long t0 = System.nanoTime();
            long end = t0 + settings.downSeconds * 1_000_000_000L;
            for (int i = 0; System.nanoTime() < end; i++) {
              try {
                client.send(java.net.http.HttpRequest.newBuilder(uris.get(i % uris.size()))
                    .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
              } catch (java.io.IOException e) {
                // keep going: this load only keeps spans coming
              }
              Thread.sleep(100);
              for (int now = l.lines().size(); seen < now; seen++) {
                times.add((System.nanoTime() - t0) / 1e9);
              }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> lines = l.lines();
            List<String> counted = lines.subList(before, Math.min(seen, lines.size()));
            Files.write(out.resolve("logs/" + h.key + "-" + v.key + "-collector-down.counted.txt"), counted);
            int most = 0; // the most lines in any 60 s of the window
            for (int i = 0; i < times.size(); i++) {
              int n = 0;
              for (int j = i; j < times.size() && times.get(j) < times.get(i) + 60; j++) {
                n++;
              }
              most = Math.max(most, n);
            }
            synchronized (result) {
              result.put(h.key + "/" + v.key, new double[] {times.size(), seconds, v.exporters, most});
            }
          } catch (Exception e) {
            failures.add(e);
          }
        });
        threads.add(t);
        t.start();
      }
    }
    return threads;
  }

  /**
   * Launches the host with {@code -Xlog:class+load} in variants none, off and on, up to the
   * first 200, and counts the loaded classes by package group and by where they came from.
   */
  private Map<String, long[]> classBreakdown(Host h) throws Exception {
    String[] keys = {"none", "off", "on"};
    Map<String, long[]> counts = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      String key = keys[i];
      Variant v = variants.stream().filter(x -> x.key.equals(key)).findFirst().orElseThrow();
      Path xlog = out.resolve("logs/" + h.key + "-" + key + "-classload.txt");
      Files.deleteIfExists(xlog);
      int port = freePort();
      List<String> lines;
      try (HttpClient client = client();
          Launch l = Launch.start(command(h, v, List.of("-Xlog:class+load=info:file=" + xlog + ":none")),
              env(h, v, port), out.resolve("logs/" + h.key + "-" + key + "-classload.log"))) {
        l.awaitFirst200(client, uris(h, port).get(0), Duration.ofSeconds(90));
        Thread.sleep(200);
        // Read while the host still runs: what its shutdown loads (the last export) is not "at ready".
        lines = Files.readAllLines(xlog);
      }
      for (String line : lines) {
        int s = line.indexOf(" source: ");
        if (s < 0) {
          continue;
        }
        String cls = line.substring(0, s);
        String source = line.substring(s + 9);
        counts.computeIfAbsent("pkg " + group(cls), k -> new long[keys.length])[i]++;
        counts.computeIfAbsent("src " + sourceKind(source), k -> new long[keys.length])[i]++;
        counts.computeIfAbsent("all", k -> new long[keys.length])[i]++;
      }
    }
    return counts;
  }

  /**
   * Launches the host with {@code -XX:NativeMemoryTracking=summary} without and with Pixtrace
   * (on), sends the warm-up load, and reads {@code jcmd VM.native_memory summary}: committed
   * memory per JVM area, plus RSS.
   *
   * @return per area: {none MiB, on MiB}
   */
  private Map<String, double[]> memoryBreakdown(Host h) throws Exception {
    String[] keys = {"none", "on"};
    Map<String, double[]> mib = new TreeMap<>();
    Pattern area = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    for (int i = 0; i < keys.length; i++) {
      String key = keys[i];
      Variant v = variants.stream().filter(x -> x.key.equals(key)).findFirst().orElseThrow();
      int port = freePort();
      try (HttpClient client = client();
          Launch l = Launch.start(command(h, v, List.of("-XX:NativeMemoryTracking=summary")), env(h, v, port),
              out.resolve("logs/" + h.key + "-" + key + "-nmt.log"))) {
        List<URI> uris = uris(h, port);
        l.awaitFirst200(client, uris.get(0), Duration.ofSeconds(90));
        Load.run(client, uris, settings.warmup * h.loadFactor, settings.concurrency, Duration.ofSeconds(120));
        Process jcmd = new ProcessBuilder(h.javaHome.resolve("bin/jcmd").toString(), Long.toString(l.pid),
            "VM.native_memory", "summary").redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          jcmd.destroyForcibly();
        }
        Files.writeString(out.resolve("logs/" + h.key + "-" + key + "-nmt.txt"), text);
        for (String line : text.split("\n")) {
          java.util.regex.Matcher m = area.matcher(line.trim().replaceFirst("^Total: ", "- Total (NMT) (") + ")");
          if (m.find()) {
            mib.computeIfAbsent(m.group(1), k -> new double[keys.length])[i] = Long.parseLong(m.group(2)) / 1024.0;
          }
        }
        mib.computeIfAbsent("RSS (VmRSS, for comparison)", k -> new double[keys.length])[i] = l.status("VmRSS") / 1024.0;
      }
    }
    return mib;
  }

  /** Package group of a class: three name parts, four under io.opentelemetry and io.pixtrace. */
  static String group(String cls) {
    String c = cls.replaceAll("\\$.*$", "").replaceAll("/0x.*$", "");
    String shaded = "";
    if (c.startsWith("io.pixtrace.shaded.")) {
      c = c.substring("io.pixtrace.shaded.".length());
      shaded = " (shaded)";
    }
    String[] parts = c.split("\\.");
    int depth = c.startsWith("io.opentelemetry.") || c.startsWith("io.pixtrace.") ? 4 : 3;
    int n = Math.min(depth, parts.length - 1);
    return (n <= 0 ? c : String.join(".", java.util.Arrays.copyOf(parts, n))) + shaded;
  }

  static String sourceKind(String source) {
    if (source.contains("shared objects file")) {
      return "CDS archive (shared objects file)";
    }
    if (source.startsWith("jrt:/")) {
      return "JDK modules, parsed (jrt:/)";
    }
    if (source.contains("pixtrace-agent")) {
      return "pixtrace-agent.jar";
    }
    if (source.contains("opentelemetry-javaagent")) {
      return "opentelemetry-javaagent.jar";
    }
    if (source.contains("avatar-service") || source.contains("jdk17-host")) {
      return "the host's own classes";
    }
    if (source.startsWith("__")) {
      return "generated at run time (" + source.replaceAll("__", "") + ")";
    }
    if (!source.contains(":") && !source.contains("/")) {
      return "lambdas (hidden classes named after their defining class)";
    }
    return "other: " + (source.length() > 60 ? source.substring(0, 60) + "..." : source);
  }

  // ---------------------------------------------------------------- report

  private void header() {
    report.append(String.format("%n## Results (%s mode)%n%n", opt.get("mode")));
    report.append(String.format("One unrecorded start-up of each variant, then %d rounds; a round launches each "
        + "variant once, in the order none, on, off, otel. "
        + "Every JVM: %s. Load: %d warm-up requests (not measured), then %d requests by %d closed-loop clients "
        + "(three times as many for the JDK 17 host). "
        + "Cells: median (min–max) over the rounds; Δ and × none are per round against that round's no-agent "
        + "launch. RSS outside heap: RSS after the load minus the no-agent RSS (the heap is pinned). "
        + "Other load: CPU used during the load by processes that are not part of the benchmark.%n",
        settings.reps,
        String.join(" ", HEAP), settings.warmup, settings.requests, settings.concurrency));
  }

  private void hostTables(Host h) {
    List<Sample> none = samples.get(h.key + "/none");
    report.append(String.format("%n### %s%n%n", h.title));
    report.append("| variant | start-up to first 200, ms | Δ start-up | classes at ready | Δ classes | RSS outside heap, Δ MiB | threads |\n");
    report.append("|---|---|---|---|---|---|---|\n");
    for (Variant v : variants) {
      List<Sample> s = samples.get(h.key + "/" + v.key);
      report.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", v.title,
          cell(s, Sample::startupMs, 0), cell(delta(s, none, Sample::startupMs), 0, true),
          cell(s, x -> x.classes, 0), cell(delta(s, none, x -> x.classes), 0, true),
          cell(delta(s, none, x -> x.rssKb / 1024.0), 1, true), cell(s, x -> x.threads, 0)));
    }
    report.append(String.format("%nNo-agent RSS (1 GiB heap included): %.0f MiB.%n%n", median(none, x -> x.rssKb / 1024.0)));
    report.append("| variant | CPU s per 1,000 requests | × none | of which JIT compiler threads, s | "
        + "of which export threads, s | × none without JIT | × none without JIT and export | req/s | p50 ms | p99 ms | other load, cores |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Variant v : variants) {
      List<Sample> s = samples.get(h.key + "/" + v.key);
      report.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", v.title, cell(s, Sample::cpuPer1000, 3),
          cell(ratio(s, none, Sample::cpuPer1000), 3, false), cell(s, Sample::jitPer1000, 3), cell(s, Sample::exportPer1000, 3),
          cell(ratio(s, none, x -> x.cpuPer1000 - x.jitPer1000), 3, false),
          cell(ratio(s, none, x -> x.cpuPer1000 - x.jitPer1000 - x.exportPer1000), 3, false),
          cell(s, Sample::rps, 0), cell(s, Sample::p50, 2), cell(s, Sample::p99, 2), cell(s, Sample::otherCores, 2)));
    }
  }

  private void jarTable() throws Exception {
    report.append("\n### Agent jar size\n\n| jar | bytes | MB (10^6 bytes, as the budget) |\n|---|---|---|\n");
    for (String k : List.of("pixtrace", "otel")) {
      Path jar = Path.of(opt.get(k));
      long size = Files.size(jar);
      report.append(String.format("| %s | %,d | %.2f |%n", jar.getFileName(), size, size / 1e6));
    }
  }

  private void downTable(Map<String, double[]> down) throws Exception {
    report.append(String.format("%n### Collector down%n%nEndpoint = a closed loopback port, OTEL_METRIC_EXPORT_INTERVAL=5000, "
        + "one request per 100 ms; lines (stdout and stderr, every physical line) written after the first 200. "
        + "Rate = the most lines in any 60 s of the window, divided by the exporters.%n%n"));
    report.append("| host / variant | exporters | window, s | lines | most lines in 60 s | per minute per exporter |\n"
        + "|---|---|---|---|---|---|\n");
    for (Map.Entry<String, double[]> e : down.entrySet()) {
      double[] d = e.getValue();
      report.append(String.format("| %s | %.0f | %.0f | %.0f | %.0f | %.2f |%n", e.getKey(), d[2], d[1], d[0], d[3],
          perMinutePerExporter(d)));
    }
    for (String key : down.keySet()) {
      List<String> lines = Files.readAllLines(out.resolve("logs/" + key.replace('/', '-') + "-collector-down.counted.txt"));
      report.append(String.format("%n%s, counted lines (first 6, cut at 200 characters):%n%n```%n", key));
      lines.stream().limit(6).forEach(l -> report.append(l.length() > 200 ? l.substring(0, 200) + "..." : l).append('\n'));
      report.append("```\n");
    }
  }

  private static double perMinutePerExporter(double[] d) {
    return d[3] / d[2];
  }

  private void breakdownTable(Map<String, long[]> c) {
    report.append("\n### Where the classes come from (avatar service, -Xlog:class+load up to the first 200, one launch each)\n\n");
    report.append("| | none | off | on | on − none |\n|---|---|---|---|---|\n");
    long[] all = c.get("all");
    report.append(String.format("| all classes | %d | %d | %d | %+d |%n", all[0], all[1], all[2], all[2] - all[0]));
    c.entrySet().stream().filter(e -> e.getKey().startsWith("src "))
        .forEach(e -> report.append(String.format("| from %s | %d | %d | %d | %+d |%n", e.getKey().substring(4),
            e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[2] - e.getValue()[0])));
    report.append("\nPackage groups with the largest increase (on − none), top 15:\n\n| package group | none | off | on | on − none |\n|---|---|---|---|---|\n");
    c.entrySet().stream().filter(e -> e.getKey().startsWith("pkg "))
        .sorted((a, b) -> Long.compare(b.getValue()[2] - b.getValue()[0], a.getValue()[2] - a.getValue()[0]))
        .limit(15)
        .forEach(e -> report.append(String.format("| %s | %d | %d | %d | %+d |%n", e.getKey().substring(4),
            e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[2] - e.getValue()[0])));
  }

  private void memoryTable(Map<String, double[]> m) {
    report.append(String.format("%n### Where the memory goes (avatar service, -XX:NativeMemoryTracking=summary after %d "
        + "requests, one launch each; committed MiB per JVM area, areas that differ by 0.5 MiB or more)%n%n",
        settings.warmup));
    report.append("| JVM area | none | on | on − none |\n|---|---|---|---|\n");
    m.entrySet().stream()
        .filter(e -> Math.abs(e.getValue()[1] - e.getValue()[0]) >= 0.5 || e.getKey().startsWith("RSS"))
        .sorted((a, b) -> Double.compare(b.getValue()[1] - b.getValue()[0], a.getValue()[1] - a.getValue()[0]))
        .forEach(e -> report.append(String.format("| %s | %.1f | %.1f | %+.1f |%n", e.getKey(), e.getValue()[0],
            e.getValue()[1], e.getValue()[1] - e.getValue()[0])));
  }

  /** JMH CSV rows as {short name, score ns/op, error}. */
  private List<String[]> jmhTable() throws Exception {
    List<String[]> rows = new ArrayList<>();
    String csv = opt.get("jmh");
    if (csv == null || !Files.exists(Path.of(csv))) {
      report.append("\n### JMH\n\n(no JMH results)\n");
      return rows;
    }
    report.append("\n### JMH (JDK 25, average time per call)\n\n| benchmark | ns/op | ± (99.9%) |\n|---|---|---|\n");
    for (String line : Files.readAllLines(Path.of(csv)).subList(1, Files.readAllLines(Path.of(csv)).size())) {
      String[] f = line.replace("\"", "").split(",");
      String name = f[0].substring(f[0].lastIndexOf('.') + 1);
      rows.add(new String[] {name, f[4], f[5]});
      report.append(String.format("| %s | %.1f | %.1f |%n", name, Double.parseDouble(f[4]), Double.parseDouble(f[5])));
    }
    return rows;
  }

  private void budgetTable(Map<String, double[]> down, List<String[]> jmh, StartupCases startup) throws Exception {
    report.append("\n### Budget\n\nVariant 2 (on) against variant 1 (none) unless said; per-round differences, "
        + "median (min…max over rounds).\n\n");
    report.append("| figure | host | budget | measured | min…max | result |\n|---|---|---|---|---|---|\n");
    int fails = 0;
    for (Host h : hosts) {
      List<Sample> none = samples.get(h.key + "/none");
      List<Sample> on = samples.get(h.key + "/on");
      fails += row("start-up", h.key, "≤ +300 ms", delta(on, none, Sample::startupMs), 300, 0, " ms");
      fails += row("classes at ready", h.key, "≤ +1500", delta(on, none, x -> x.classes), 1500, 0, "");
      // The "25 MB" read strictly: 25,000,000 bytes = 23.8 MiB.
      fails += row("RSS outside heap", h.key, "≤ +25 MB (23.8 MiB)", delta(on, none, x -> x.rssKb / 1024.0), 25e6 / 1048576, 1, " MiB");
      fails += row("CPU per request", h.key, "≤ 1.03×", ratio(on, none, Sample::cpuPer1000), 1.03, 3, "×");
      double[] d = down.get(h.key + "/on");
      if (d != null) {
        double lpm = perMinutePerExporter(d);
        fails += row("log lines, collector down", h.key, "≤ 1 /min/exporter", String.format("%.2f /min/exporter", lpm),
            String.format("%.0f lines in %.0f s, at most %.0f in 60 s, %.0f exporters", d[0], d[1], d[3], d[2]), lpm <= 1.0);
      } else {
        report.append(String.format("| log lines, collector down | %s | ≤ 1 /min/exporter | not measured | full mode only | — |%n", h.key));
      }
      fails += row("start-up, variant 3 (off)", h.key, "≤ +100 ms",
          delta(samples.get(h.key + "/off"), none, Sample::startupMs), 100, 0, " ms");
    }
    if (startup != null) {
      fails += startupRows(startup);
    }
    long jar = Files.size(Path.of(opt.get("pixtrace")));
    fails += row("agent jar size", "—", "≤ 8 MB", String.format("%.2f MB", jar / 1e6), String.format("%,d bytes", jar),
        jar <= 8_000_000L);
    for (String[] j : jmh) {
      double ns = Double.parseDouble(j[1]);
      String error = String.format("± %.1f ns", Double.parseDouble(j[2]));
      if (j[0].equals("serverSpan")) {
        fails += row("JMH traced stage span (ServerStage start+end)", "—", "≤ 1000 ns", String.format("%.0f ns", ns), error, ns <= 1000);
      } else if (j[0].endsWith("NoRequest")) {
        fails += row("JMH no request in flight (" + j[0] + ")", "—", "≤ 50 ns", String.format("%.1f ns", ns), error, ns <= 50);
      }
    }
    report.append(String.format("%n%d budget line(s) failed.%n", fails));
  }

  /**
   * The start-up issue's lines: start-up added with the host's own archive (≤ 150 ms) and its
   * classes still from it, for the AOT cache and AppCDS; start-up added on Spring Boot (≤ 500 ms).
   */
  private int startupRows(StartupCases startup) {
    int fails = 0;
    for (StartupCases.Case c : startup.cases()) {
      List<Double> d = differences(startup.startups(c.key() + "/on"), startup.startups(c.key() + "/none"));
      String host = c.key().equals("spring") ? "spring" : c.key().equals("aot") ? "avatar" : "jdk17";
      if (!c.archive()) {
        fails += row("start-up", host, "≤ +500 ms", d, 500, 0, " ms");
        continue;
      }
      String archive = c.key().equals("aot") ? "AOT cache" : "AppCDS archive";
      fails += row("start-up, both with their " + archive, host, "≤ +150 ms", d, 150, 0, " ms");
      StartupCases.HostClasses n = startup.hostClasses(c.key() + "/none");
      StartupCases.HostClasses o = startup.hostClasses(c.key() + "/on");
      fails += row("host's classes from its " + archive, host, "as many as without the agent",
          o.toString(), "without the agent " + n,
          n.shared() > 0 && o.shared() >= n.shared());
    }
    return fails;
  }

  private void startupTable(StartupCases startup) {
    report.append("\n### Start-up with the host's class-sharing archive, and Spring Boot\n\n"
        + "Time from `java` to the first 200, median (min–max) over the rounds; telemetry on for Pixtrace. Each variant "
        + "uses its own archive, recorded in a run of that variant as docs/startup.md says (AOT cache: "
        + "`-XX:AOTCacheOutput`, the agent attached; AppCDS: `-XX:ArchiveClassesAtExit` with "
        + "`-Xbootclasspath/a:pixtrace-agent.jar`). Host's classes: its own classes loaded up to the first 200, and "
        + "how many came from the archive (one `-Xlog:class+load` launch each); the ones the agent instruments are then retransformed.\n\n");
    report.append("| case | no agent, ms | Pixtrace, ms | Δ start-up | host's classes from the archive, no agent | with Pixtrace |\n"
        + "|---|---|---|---|---|---|\n");
    for (StartupCases.Case c : startup.cases()) {
      List<Double> none = startup.startups(c.key() + "/none");
      List<Double> on = startup.startups(c.key() + "/on");
      List<Double> d = differences(on, none);
      StartupCases.HostClasses n = startup.hostClasses(c.key() + "/none");
      StartupCases.HostClasses o = startup.hostClasses(c.key() + "/on");
      report.append(String.format("| %s | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %s (%s…%s) | %s | %s |%n", c.title(),
          median(none), min(none), max(none), median(on), min(on), max(on), signed(median(d), 0), signed(min(d), 0),
          signed(max(d), 0), n == null ? "—" : n.toString(), o == null ? "—" : o.toString()));
    }
  }

  private void awaitQuietUnchecked() {
    try {
      awaitQuiet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int row(String figure, String host, String budget, List<Double> values, double limit, int decimals, String unit) {
    boolean ratio = unit.equals("×");
    String measured = (ratio ? fmt(median(values), decimals) : signed(median(values), decimals)) + unit;
    String spread = ratio ? fmt(min(values), decimals) + "…" + fmt(max(values), decimals)
        : signed(min(values), decimals) + "…" + signed(max(values), decimals);
    return row(figure, host, budget, measured, spread, median(values) <= limit);
  }

  private int row(String figure, String host, String budget, String measured, String spread, boolean pass) {
    report.append(String.format("| %s | %s | %s | %s | %s | %s |%n", figure, host, budget, measured, spread, pass ? "PASS" : "**FAIL**"));
    return pass ? 0 : 1;
  }

  // ---------------------------------------------------------------- small helpers

  /** Per round: {@code on}'s value minus {@code none}'s of the same round. */
  static List<Double> differences(List<Double> on, List<Double> none) {
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < Math.min(on.size(), none.size()); i++) {
      d.add(on.get(i) - none.get(i));
    }
    return d;
  }

  /** Per round: the variant's value minus the no-agent value of the same round. */
  static List<Double> delta(List<Sample> v, List<Sample> none, ToDoubleFunction<Sample> f) {
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < Math.min(v.size(), none.size()); i++) {
      d.add(f.applyAsDouble(v.get(i)) - f.applyAsDouble(none.get(i)));
    }
    return d;
  }

  /** Per round: the variant's value divided by the no-agent value of the same round. */
  static List<Double> ratio(List<Sample> v, List<Sample> none, ToDoubleFunction<Sample> f) {
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < Math.min(v.size(), none.size()); i++) {
      d.add(f.applyAsDouble(v.get(i)) / f.applyAsDouble(none.get(i)));
    }
    return d;
  }

  static List<Double> values(List<Sample> s, ToDoubleFunction<Sample> f) {
    return s.stream().map(x -> f.applyAsDouble(x)).toList();
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double median(List<Sample> s, ToDoubleFunction<Sample> f) {
    return median(values(s, f));
  }

  static double min(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** "median (min–max)" of a figure over the rounds. */
  static String cell(List<Sample> s, ToDoubleFunction<Sample> f, int decimals) {
    return cell(values(s, f), decimals, false);
  }

  static String cell(List<Double> v, int decimals, boolean sign) {
    return sign ? signed(median(v), decimals) + " (" + signed(min(v), decimals) + "…" + signed(max(v), decimals) + ")"
        : fmt(median(v), decimals) + " (" + fmt(min(v), decimals) + "–" + fmt(max(v), decimals) + ")";
  }

  static String fmt(double v, int decimals) {
    return String.format("%." + decimals + "f", v);
  }

  static String signed(double v, int decimals) {
    return String.format("%+." + decimals + "f", v);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench] %tT " + format + "%n", prepend(java.time.LocalTime.now(), args));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
