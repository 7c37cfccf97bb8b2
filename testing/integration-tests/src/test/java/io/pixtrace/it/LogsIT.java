package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.testing.otlp.OtlpReceiver;
import io.pixtrace.testing.otlp.ReceivedLog;
import io.pixtrace.testing.otlp.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS=true}: the host's {@code java.util.logging},
 * Logback and Log4j 2 records arrive as OTLP log records, each once although the host prints
 * each twice (two appenders), only those whose level is enabled, with the library's severity,
 * the formatted message, the exception, and inside a request the request span's trace and span
 * ids (in a pool task too). The host's own output is the same as without the agent; without
 * {@code ENABLE_LOGS} nothing is captured.
 */
class LogsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static HostProcess start(boolean agent, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>();
    if (agent) {
      args.add("-javaagent:" + HostProcess.agentJar());
    }
    args.addAll(List.of("-cp", System.getProperty("java.class.path"), LogsHost.class.getName()));
    return HostProcess.start(HostProcess.currentJava(), new HashMap<>(env), args);
  }

  private static String request(HostProcess host, String id) throws Exception {
    String url = host.awaitStdout("logs-host listening on (\\S+)", WAIT);
    HttpResponse<String> r = AvatarHost.CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/log?" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(host.output()).isEqualTo(200);
    return url;
  }

  /** What the host printed on stdout, minus the line with its (random) port. */
  private static List<String> printed(HostProcess host) throws Exception {
    host.stop();
    return host.stdout().stream().filter(l -> !l.startsWith("logs-host listening on")).toList();
  }

  private static ReceivedLog one(List<ReceivedLog> logs, String body) {
    List<ReceivedLog> found = logs.stream().filter(l -> l.body().equals(body)).toList();
    assertThat(found).as("exactly one record \"%s\" in %s", body, logs).hasSize(1);
    return found.get(0);
  }

  @Test
  void hostLogRecordsAreExportedOnceWithTheRequestsTraceAndTheHostOutputIsUnchanged() throws Exception {
    List<String> withAgent;
    try (OtlpReceiver otlp = OtlpReceiver.start();
        HostProcess host = start(true, Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            "IMGPROXY_OPEN_TELEMETRY_ENABLE_LOGS", "true",
            "OTEL_BLRP_SCHEDULE_DELAY", "200",
            "OTEL_BSP_SCHEDULE_DELAY", "200"))) {
      request(host, "7");
      List<ReceivedLog> logs = otlp.awaitLogs(l -> l.stream().anyMatch(r -> r.body().equals("logback in task 7")), WAIT);
      ReceivedSpan server = otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT);
      assertThat(host.stderr()).anyMatch(l -> l.contains("logs: otlp") && l.contains("jul, logback, log4j2"));

      // Outside any request: no trace; levels below INFO are not captured.
      for (String[] started : new String[][] {
          {"jul started", "images.jul"}, {"logback started", "images.logback"}, {"log4j started", "images.log4j"}}) {
        ReceivedLog r = one(logs, started[0]);
        assertThat(r.severityNumber()).isEqualTo(9);
        assertThat(r.severityText()).isEqualTo("INFO");
        assertThat(r.scopeName()).isEqualTo(started[1]);
        assertThat(r.attribute("thread.name")).isEqualTo("main");
        assertThat(r.traceId()).isEmpty();
        assertThat(r.spanId()).isEmpty();
        assertThat(r.epochNanos()).isPositive();
      }
      assertThat(logs).noneMatch(r -> r.body().endsWith("hidden"));

      // Inside the request: the SERVER span's ids, on the request thread and in the pool task.
      Object[][] inRequest = {
        {"jul in request 7", 13, "WARNING", null},
        {"jul failed", 17, "SEVERE", "java.lang.IllegalArgumentException:jul boom"},
        {"logback in request 7", 13, "WARN", null},
        {"logback failed", 17, "ERROR", "java.lang.IllegalStateException:logback boom"},
        {"log4j in request 7", 9, "INFO", null},
        {"log4j failed", 17, "ERROR", "java.lang.UnsupportedOperationException:log4j boom"},
        {"logback in task 7", 9, "INFO", null},
      };
      for (Object[] expected : inRequest) {
        ReceivedLog r = one(logs, (String) expected[0]);
        assertThat(r.severityNumber()).as(r.toString()).isEqualTo(expected[1]);
        assertThat(r.severityText()).as(r.toString()).isEqualTo(expected[2]);
        assertThat(r.traceId()).as(r.toString()).isEqualTo(server.traceId());
        assertThat(r.spanId()).as(r.toString()).isEqualTo(server.spanId());
        if (expected[3] != null) {
          String[] exception = ((String) expected[3]).split(":");
          assertThat(r.attribute("exception.type")).isEqualTo(exception[0]);
          assertThat(r.attribute("exception.message")).isEqualTo(exception[1]);
          assertThat((String) r.attribute("exception.stacktrace")).startsWith(exception[0] + ": " + exception[1])
              .contains("LogsHost");
        } else {
          assertThat(r.attributes()).doesNotContainKey("exception.type");
        }
      }
      assertThat(one(logs, "logback in task 7").attribute("thread.name")).isEqualTo("log-task");
      assertThat(logs).as("3 at start, 7 in the request, nothing else").hasSize(10);
      withAgent = printed(host);
    }

    List<String> without;
    try (HostProcess host = start(false, Map.of())) {
      request(host, "7");
      host.awaitStdout("LOGBACK-ROOT INFO images.logback \\[log-task\\] logback in task 7", WAIT);
      without = printed(host);
    }
    assertThat(without).as("each record printed twice").contains("JUL WARNING images.jul [HTTP-Dispatcher] jul in request 7",
        "JUL-PARENT WARNING images.jul [HTTP-Dispatcher] jul in request 7",
        "LOGBACK WARN images.logback [HTTP-Dispatcher] logback in request 7",
        "LOGBACK-ROOT WARN images.logback [HTTP-Dispatcher] logback in request 7",
        "LOG4J INFO images.log4j [HTTP-Dispatcher] log4j in request 7",
        "LOG4J-ROOT INFO images.log4j [HTTP-Dispatcher] log4j in request 7");
    assertThat(withAgent).as("the host's own output with the agent").isEqualTo(without);
  }

  @Test
  void withoutEnableLogsNothingIsCaptured() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        HostProcess host = start(true, Map.of(
            "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", otlp.grpcEndpoint(),
            // A logs exporter the SDK builds anyway: the capture itself must be off.
            "OTEL_LOGS_EXPORTER", "otlp",
            "OTEL_BLRP_SCHEDULE_DELAY", "200",
            "OTEL_BSP_SCHEDULE_DELAY", "200"))) {
      request(host, "8");
      otlp.awaitSpan(s -> s.kind() == ReceivedSpan.Kind.SERVER, WAIT);
      String started = host.awaitStderr("Pixtrace .* is on", WAIT);
      // The capture modules are off; the log-correlation ones (logback-mdc, log4j2-context-data) are on.
      assertThat(started).contains("instrumenting").contains("logback-mdc", "log4j2-context-data")
          .doesNotContainPattern("(?<![\\w-])(jul|logback|log4j2)(?![\\w-])");
      host.flush(); // a record captured by mistake would have been exported at exit
      assertThat(otlp.logs()).isEmpty();
    }
  }
}
