package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Trace ids in the host's own log lines: {@link LogsHost} in correlation mode prints
 * {@code %X{trace_id}}, {@code %X{span_id}}, {@code %X{trace_flags}} and its own {@code %X{user}}
 * with Logback (one appender direct, the root's behind an {@code AsyncAppender}) and Log4j 2.
 * With the agent, the lines logged in a request carry the SERVER span's ids (in a pool task
 * too), the lines outside a request print the keys empty, and the host's own MDC values are
 * kept; with {@code DISABLE=log-correlation} or without spans ({@code ENABLE_TRACES=false}) the
 * output is the output without the agent, line for line.
 */
class LogCorrelationIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The last line the host prints for a request (behind the async appender). */
  private static final Pattern FLAGS = Pattern.compile(" trace_flags=(\\S+)");
  private static final String LAST = "LOGBACK-ROOT INFO images.logback \\[HTTP-Dispatcher\\] logback own trace id 5 ";

  /** Runs one request against the host in correlation mode; returns its stdout, port line removed. */
  private static List<String> run(boolean agent, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.addAll(List.of("-Dlogs.correlation=true", "-cp", System.getProperty("java.class.path"),
        LogsHost.class.getName()));
    try (HostProcess host = HostProcess.start(HostProcess.currentJava(), new HashMap<>(env), args)) {
      String url = host.awaitStdout("logs-host listening on (\\S+)", WAIT);
      HttpResponse<String> r = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/log?5")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(host.output()).isEqualTo(200);
      host.awaitStdout(LAST, WAIT);
      host.stop();
      return host.stdout().stream().filter(l -> !l.startsWith("logs-host listening on")).sorted().toList();
    }
  }

  @Test
  void linesInARequestCarryItsSpanAndTheRestIsAsWithoutTheAgent() throws Exception {
    List<String> without = run(false, Map.of());
    List<String> with;
    ReceivedSpan server;
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      with = run(true, Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
          "OTEL_BSP_SCHEDULE_DELAY", "200"));
      server = otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT);
    }
    // W3C trace flags: sampled (01), with the random trace id bit (02) where the SDK sets it.
    String flags = with.stream().map(l -> FLAGS.matcher(l)).filter(Matcher::find).map(m -> m.group(1))
        .findFirst().orElseThrow();
    assertThat(flags).isIn("01", "03");
    String ids = " trace_id=" + server.traceId() + " span_id=" + server.spanId() + " trace_flags=" + flags;
    assertThat(server.traceId()).matches("[0-9a-f]{32}");

    assertThat(with).as("in the request, on both appenders and both libraries").contains(
        "LOGBACK WARN images.logback [HTTP-Dispatcher] logback in request 5" + ids + " user=u5",
        "LOGBACK-ROOT WARN images.logback [HTTP-Dispatcher] logback in request 5" + ids + " user=u5",
        "LOGBACK ERROR images.logback [HTTP-Dispatcher] logback failed" + ids + " user=u5",
        "LOG4J INFO images.log4j [HTTP-Dispatcher] log4j in request 5" + ids + " user=u5",
        "LOG4J-ROOT INFO images.log4j [HTTP-Dispatcher] log4j in request 5" + ids + " user=u5",
        "LOG4J-ROOT ERROR images.log4j [HTTP-Dispatcher] log4j failed" + ids + " user=u5",
        // The pool task runs in the request's context; the thread's MDC (user) is the host's.
        "LOGBACK INFO images.logback [log-task] logback in task 5" + ids + " user=",
        "LOGBACK-ROOT INFO images.logback [log-task] logback in task 5" + ids + " user=");
    String empty = " trace_id= span_id= trace_flags= user=";
    assertThat(with).as("outside a request the keys are empty").contains(
        "LOGBACK INFO images.logback [main] logback started" + empty,
        "LOGBACK-ROOT INFO images.logback [main] logback started" + empty,
        "LOG4J INFO images.log4j [main] log4j started" + empty);
    assertThat(with).as("the host's own trace_id is kept, and nothing added beside it").contains(
        "LOGBACK INFO images.logback [HTTP-Dispatcher] logback own trace id 5 trace_id=host-5 span_id= trace_flags= user=u5",
        "LOGBACK-ROOT INFO images.logback [HTTP-Dispatcher] logback own trace id 5 trace_id=host-5 span_id= trace_flags= user=u5",
        "LOG4J INFO images.log4j [HTTP-Dispatcher] log4j own trace id 5 trace_id=host-5 span_id= trace_flags= user=u5");

    // Take the ids out again: every line is the line the host printed without the agent.
    assertThat(with.stream().map(l -> l.replace(ids, " trace_id= span_id= trace_flags=")).sorted().toList())
        .isEqualTo(without);
    assertThat(without).anyMatch(l -> l.startsWith("JUL WARNING images.jul [HTTP-Dispatcher] jul in request 5"));
  }

  @Test
  void switchedOffOrWithoutSpansTheLinesAreAsWithoutTheAgent() throws Exception {
    List<String> without = run(false, Map.of());
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      assertThat(run(true, Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
          "IMGPROXY_OPEN_TELEMETRY_DISABLE", "log-correlation"))).as("DISABLE=log-correlation").isEqualTo(without);
      assertThat(run(true, Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
          "IMGPROXY_OPEN_TELEMETRY_ENABLE_TRACES", "false"))).as("ENABLE_TRACES=false").isEqualTo(without);
    }
  }
}
