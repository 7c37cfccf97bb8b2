package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.pixtrace.shaded.SdkThreadHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogStageTest {
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void install() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().build())
        .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
        .build();
    TestTelemetry.CONTROL.install(Telemetry.builder(sdk).version("test").build());
  }

  @AfterEach
  void uninstall() {
    TestTelemetry.CONTROL.install(null);
    sdk.close();
  }

  private LogRecordData only() {
    List<LogRecordData> items = logs.getFinishedLogRecordItems();
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  @Test
  void aRecordCarriesTheActiveSpanSeverityBodyThreadAndTime() {
    Span span = sdk.getTracer("test").spanBuilder("GET /").startSpan();
    long at = Instant.parse("2025-01-02T03:04:05.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789L;
    try (Scope ignored = span.makeCurrent()) {
      LogStage.emit("com.acme.Images", Severity.WARN, "WARNING", "resize failed for 42", null, at, "worker-1");
    } finally {
      span.end();
    }
    LogRecordData r = only();
    assertThat(r.getSpanContext().getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(r.getSpanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(r.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(r.getSeverityText()).isEqualTo("WARNING");
    assertThat(r.getBodyValue().asString()).isEqualTo("resize failed for 42");
    assertThat(r.getInstrumentationScopeInfo().getName()).isEqualTo("com.acme.Images");
    assertThat(r.getAttributes().get(AttributeKey.stringKey("thread.name"))).isEqualTo("worker-1");
    assertThat(r.getTimestampEpochNanos()).isEqualTo(at);
    assertThat(r.getObservedTimestampEpochNanos()).isPositive();
  }

  @Test
  void outsideASpanTheRecordHasNoTraceAndTheRootLoggerIsNamedRoot() {
    LogStage.emit("", Severity.INFO, "INFO", "started", null, 0, null);
    LogRecordData r = only();
    assertThat(r.getSpanContext().isValid()).isFalse();
    assertThat(r.getInstrumentationScopeInfo().getName()).isEqualTo("ROOT");
    assertThat(r.getAttributes().get(AttributeKey.stringKey("thread.name"))).isNull();
    assertThat(r.getTimestampEpochNanos()).isZero();
  }

  @Test
  void theThrowableBecomesExceptionAttributes() {
    IllegalStateException boom = new IllegalStateException("no such image");
    LogStage.emit("com.acme.Images", Severity.ERROR, "SEVERE", "failed", boom, 0, "main");
    LogRecordData r = only();
    assertThat(r.getAttributes().get(AttributeKey.stringKey("exception.type"))).isEqualTo("java.lang.IllegalStateException");
    assertThat(r.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("no such image");
    assertThat(r.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .startsWith("java.lang.IllegalStateException: no such image").contains("LogStageTest");
  }

  @Test
  void onlyTheOutermostDispatchOnAThreadIsCaptured() throws Exception {
    assertThat(LogStage.enter()).isTrue();
    assertThat(LogStage.enter()).isFalse();
    LogStage.exit();
    AtomicBoolean otherThread = new AtomicBoolean();
    Thread t = new Thread(() -> {
      otherThread.set(LogStage.enter());
      LogStage.exit();
    });
    t.start();
    t.join();
    assertThat(otherThread).isTrue();
    LogStage.exit();
    assertThat(LogStage.enter()).isTrue();
    LogStage.exit();
    LogStage.exit(); // an unpaired exit does not go below zero
    assertThat(LogStage.enter()).isTrue();
    LogStage.exit();
  }

  @Test
  void theAgentsOwnLoggersAndTheSdksThreadsAreNotCaptured() throws Exception {
    assertThat(LogStage.accepts("com.acme.Images")).isTrue();
    assertThat(LogStage.accepts("")).isTrue();
    assertThat(LogStage.accepts(null)).isTrue();
    assertThat(LogStage.accepts("io.pixtrace.examples.avatar.AvatarService")).isTrue();
    assertThat(LogStage.accepts("io.pixtrace.agent.AgentStarter")).isFalse();
    assertThat(LogStage.accepts("io.pixtrace.bootstrap.LogStage")).isFalse();
    assertThat(LogStage.accepts("io.pixtrace.instrumentation.jul.LogAdvice")).isFalse();
    assertThat(LogStage.accepts("io.pixtrace.shaded.io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor")).isFalse();

    AtomicBoolean onSdkThread = new AtomicBoolean(true);
    Thread sdkThread = new Thread(() -> onSdkThread.set(LogStage.accepts("com.acme.Images")), "BatchLogRecordProcessor_WorkerThread-1");
    sdkThread.setUncaughtExceptionHandler(new SdkThreadHandler());
    sdkThread.start();
    sdkThread.join();
    assertThat(onSdkThread).isFalse();

    AtomicBoolean onHostThread = new AtomicBoolean();
    Thread hostThread = new Thread(() -> onHostThread.set(LogStage.accepts("com.acme.Images")));
    hostThread.setUncaughtExceptionHandler((th, e) -> { });
    hostThread.start();
    hostThread.join();
    assertThat(onHostThread).isTrue();

    TestTelemetry.CONTROL.install(null);
    assertThat(LogStage.accepts("com.acme.Images")).isFalse();
    LogStage.emit("com.acme.Images", Severity.INFO, "INFO", "off", null, 0, "main");
    assertThat(logs.getFinishedLogRecordItems()).isEmpty();
  }

  @Test
  void anExportFailureNeverReachesTheCaller() {
    OpenTelemetry broken = new OpenTelemetry() {
      @Override
      public TracerProvider getTracerProvider() {
        return TracerProvider.noop();
      }

      @Override
      public ContextPropagators getPropagators() {
        return ContextPropagators.noop();
      }

      @Override
      public LoggerProvider getLogsBridge() {
        return name -> {
          throw new IllegalStateException("broken SDK");
        };
      }
    };
    TestTelemetry.CONTROL.install(Telemetry.builder(broken).version("test").build());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThatCode(() -> LogStage.emit("com.acme.Images", Severity.INFO, "INFO", "lost", new RuntimeException("x"), 0, "main"))
          .doesNotThrowAnyException();
      assertThatCode(() -> LogStage.emit("com.acme.Images", Severity.INFO, "INFO", "lost again", null, 0, "main"))
          .doesNotThrowAnyException();
    } finally {
      System.setErr(original);
    }
    // The failure is reported on the agent's log, once: the second is within the same minute.
    assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("[pixtrace]")))
        .containsExactly("[pixtrace] ERROR could not export a log record: java.lang.IllegalStateException: broken SDK");
  }

  @Test
  void julLevelsMapAsTheLogDataModelSays() {
    assertThat(LogStage.julSeverity(Level.FINEST.intValue())).isEqualTo(Severity.TRACE);
    assertThat(LogStage.julSeverity(Level.FINER.intValue())).isEqualTo(Severity.DEBUG);
    assertThat(LogStage.julSeverity(Level.FINE.intValue())).isEqualTo(Severity.DEBUG2);
    assertThat(LogStage.julSeverity(Level.CONFIG.intValue())).isEqualTo(Severity.DEBUG3);
    assertThat(LogStage.julSeverity(Level.INFO.intValue())).isEqualTo(Severity.INFO);
    assertThat(LogStage.julSeverity(Level.WARNING.intValue())).isEqualTo(Severity.WARN);
    assertThat(LogStage.julSeverity(Level.SEVERE.intValue())).isEqualTo(Severity.ERROR);
    assertThat(LogStage.julSeverity(Level.SEVERE.intValue() + 1)).isEqualTo(Severity.FATAL);
    assertThat(LogStage.julSeverity(Level.ALL.intValue())).isEqualTo(Severity.TRACE);
    assertThat(LogStage.julSeverity(850)).isEqualTo(Severity.WARN); // a custom level between INFO and WARNING
  }

  @Test
  void logbackLevelsMap() {
    assertThat(LogStage.logbackSeverity(5000)).isEqualTo(Severity.TRACE);
    assertThat(LogStage.logbackSeverity(10000)).isEqualTo(Severity.DEBUG);
    assertThat(LogStage.logbackSeverity(20000)).isEqualTo(Severity.INFO);
    assertThat(LogStage.logbackSeverity(30000)).isEqualTo(Severity.WARN);
    assertThat(LogStage.logbackSeverity(40000)).isEqualTo(Severity.ERROR);
    assertThat(LogStage.logbackSeverity(15000)).isEqualTo(Severity.INFO); // a custom level between DEBUG and INFO
  }

  @Test
  void log4jLevelsMap() {
    assertThat(LogStage.log4jSeverity(100)).isEqualTo(Severity.FATAL);
    assertThat(LogStage.log4jSeverity(200)).isEqualTo(Severity.ERROR);
    assertThat(LogStage.log4jSeverity(300)).isEqualTo(Severity.WARN);
    assertThat(LogStage.log4jSeverity(400)).isEqualTo(Severity.INFO);
    assertThat(LogStage.log4jSeverity(450)).isEqualTo(Severity.INFO); // a custom level between INFO and DEBUG
    assertThat(LogStage.log4jSeverity(500)).isEqualTo(Severity.DEBUG);
    assertThat(LogStage.log4jSeverity(600)).isEqualTo(Severity.TRACE);
    assertThat(LogStage.log4jSeverity(Integer.MAX_VALUE)).isEqualTo(Severity.TRACE);
  }

  @Test
  void julHelpersReadTheLoggerAndFormatTheMessage() {
    Logger logger = Logger.getLogger("com.acme.LogStageTest");
    logger.setLevel(Level.WARNING);
    assertThat(LogStage.julLoggable(logger, new LogRecord(Level.INFO, "x"))).isFalse();
    assertThat(LogStage.julLoggable(logger, new LogRecord(Level.WARNING, "x"))).isTrue();
    assertThat(LogStage.julLoggable(logger, new LogRecord(Level.SEVERE, "x"))).isTrue();
    assertThat(LogStage.julLoggable(null, new LogRecord(Level.SEVERE, "x"))).isFalse();
    logger.setLevel(Level.OFF);
    assertThat(LogStage.julLoggable(logger, new LogRecord(Level.SEVERE, "x"))).isFalse();

    LogRecord unnamed = new LogRecord(Level.INFO, "resized {0} to {1}px");
    unnamed.setParameters(new Object[] {"alice.png", 64});
    assertThat(LogStage.julMessage(unnamed)).isEqualTo("resized alice.png to 64px");
    assertThat(LogStage.julMessage(new LogRecord(Level.INFO, "100% {not a parameter}"))).isEqualTo("100% {not a parameter}");
    assertThat(LogStage.julName(logger, unnamed)).isEqualTo("com.acme.LogStageTest");
    unnamed.setLoggerName("named");
    assertThat(LogStage.julName(logger, unnamed)).isEqualTo("named");
  }
}
