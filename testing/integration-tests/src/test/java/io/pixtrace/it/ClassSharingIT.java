package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import io.pixtrace.testing.otlp.ReceivedSpan.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host keeps its class data sharing under the agent, made the way docs/startup.md tells a
 * user: a JDK 25 AOT cache recorded in a training run with the agent attached (the agent
 * stays off there, and the JVM writes the cache), and a JDK 17 dynamic AppCDS archive. The
 * run with the archive takes the host's classes from it ({@code -Xlog:class+load}: "source:
 * shared objects file"), prints no archive error, and is traced as usual.
 */
class ClassSharingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SHARED = "source: shared objects file";

  @TempDir
  Path dir;

  @Test
  void jdk25AotCacheRecordedWithTheAgentAttachedServesTheHostsClasses() throws Exception {
    Path cache = dir.resolve("avatar.aot");
    String agent = "-javaagent:" + HostProcess.agentJar();
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin()) {
      Map<String, String> env = new LinkedHashMap<>(Map.of("AVATAR_PORT", "0", "AVATAR_UPSTREAM_URL", origin.url(),
          "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(), "OTEL_BSP_SCHEDULE_DELAY", "200"));

      HostProcess training = avatar(env, "-XX:AOTCacheOutput=" + cache, agent);
      try (training) {
        String url = training.awaitStdout("avatar-service listening on (http://\\S+)", WAIT);
        assertThat(status(url + "/avatar/" + TestOrigin.ALICE + "?s=64")).isEqualTo(200);
        assertThat(training.stop()).as(training.output()).isEqualTo(143);
      }
      assertThat(training.stderr()).as(training.output())
          .anyMatch(l -> l.contains("recording a class-sharing archive (a training run): the agent stays off"));
      assertThat(training.output()).contains("AOTCache creation is complete").doesNotContain("A fatal error");
      assertThat(cache).isNotEmptyFile();
      assertThat(otlp.spans()).as("the agent is off in the training run").isEmpty();

      HostProcess host = avatar(env, "-XX:AOTCache=" + cache, "-Xlog:class+load", agent);
      try (host) {
        String url = host.awaitStdout("avatar-service listening on (http://\\S+)", WAIT);
        assertThat(status(url + "/avatar/" + TestOrigin.ALICE + "?s=64")).isEqualTo(200);
        String path = "/avatar/" + TestOrigin.ALICE;
        List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete(path, 6), WAIT), path);
        assertThat(Spans.ofKind(trace, Kind.SERVER).name()).isEqualTo("GET /avatar/");
        Spans.nested(Spans.named(trace, "vips thumbnail_image"), Spans.named(trace, "processing_image"));
      }
      assertThat(host.output()).doesNotContain("[error][aot]").doesNotContain("Unable to map");
      for (String hostClass : List.of("io.pixtrace.examples.avatar.Main", "io.pixtrace.examples.avatar.AvatarService",
          "io.pixtrace.examples.avatar.libvips.vips_h")) {
        assertThat(host.stdout()).as(hostClass).anyMatch(l -> l.contains(" " + hostClass + " " + SHARED));
      }
    }
  }

  @Test
  void jdk17DynamicArchiveKeepsTheHostsClassesWithTheAgentOnTheBootClassPath() throws Exception {
    Path archive = dir.resolve("host.jsa");
    Path jar = hostJar();
    Path agentJar = HostProcess.agentJar();
    try (OtlpReceiver otlp = OtlpReceiver.start(); TestOrigin origin = new TestOrigin()) {
      Map<String, String> env = Map.of("UPSTREAM", origin.url(),
          "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(), "OTEL_BSP_SCHEDULE_DELAY", "200");
      // JDK 17 refuses to dump an archive with an agent attached: the documented way dumps with
      // the agent jar on the boot class path only, as the runs that use the archive have it.
      HostProcess dump = jdk17(env, jar, "-XX:ArchiveClassesAtExit=" + archive, "-Xbootclasspath/a:" + agentJar);
      try (dump) {
        String url = dump.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
        assertThat(status(url + "/img/" + TestOrigin.ALICE)).isEqualTo(200);
        dump.stop();
      }
      assertThat(archive).isNotEmptyFile();

      HostProcess host = jdk17(env, jar, "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load",
          "-Xbootclasspath/a:" + agentJar, "-javaagent:" + agentJar);
      try (host) {
        String url = host.awaitStdout("jdk17-host listening on (\\S+)", WAIT);
        assertThat(status(url + "/img/" + TestOrigin.ALICE)).isEqualTo(200);
        List<ReceivedSpan> trace = Spans.traceOf(otlp.awaitSpans(Spans.traceComplete("/img/" + TestOrigin.ALICE, 3), WAIT),
            "/img/" + TestOrigin.ALICE);
        assertThat(Spans.ofKind(trace, Kind.SERVER).name()).isEqualTo("GET /img/");
      }
      assertThat(host.output()).doesNotContain("Sharing is only supported for boot loader classes")
          .doesNotContain("[error][cds]");
      assertThat(host.stdout()).anyMatch(l -> l.contains(" " + Jdk17Host.class.getName() + " " + SHARED));
    }
  }

  private static HostProcess avatar(Map<String, String> env, String... jvmArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
    args.addAll(List.of(jvmArgs));
    args.add("-jar");
    args.add(AvatarHost.jar().toString());
    return HostProcess.start(HostProcess.currentJava(), env, args);
  }

  private static HostProcess jdk17(Map<String, String> env, Path jar, String... jvmArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of(jvmArgs));
    args.addAll(List.of("-cp", jar.toString(), Jdk17Host.class.getName()));
    return HostProcess.start(HostProcess.java17(), env, args);
  }

  /** The JDK 17 host in a jar of its own: CDS archives classes from jars, not from directories. */
  private Path hostJar() throws IOException {
    Path classes = Path.of(System.getProperty("it.classes", "target/test-classes")).toAbsolutePath();
    Path jar = dir.resolve("jdk17-host.jar");
    String entry = Jdk17Host.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry(entry));
      j.write(Files.readAllBytes(classes.resolve(entry)));
      j.closeEntry();
    }
    return jar;
  }

  private static int status(String url) throws IOException, InterruptedException {
    return AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
