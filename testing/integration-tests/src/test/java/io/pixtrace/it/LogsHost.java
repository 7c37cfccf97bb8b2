package io.pixtrace.it;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.slf4j.LoggerFactory;

/**
 * A host that logs through {@code java.util.logging}, Logback and Log4j 2, each printing to
 * standard output with a pattern free of timestamps (and each through two appenders/handlers,
 * the logger's own and its parent's, so every record is printed twice). It logs once at start
 * and again, with an exception, inside each {@code GET /log} request, on the request thread
 * and in a pool task. Levels below INFO are off: the DEBUG/FINE lines are never printed.
 * Started by {@link LogsIT} as its own JVM; JDK 17-compatible.
 *
 * <p>With {@code -Dlogs.correlation=true} (for {@link LogCorrelationIT}) the Logback and Log4j 2
 * patterns end with {@value #MDC_PATTERN}, Logback's root appender is an {@code AsyncAppender}
 * around its console appender, each request puts {@code user} into the MDC and the thread
 * context, and logs one more line on each library with its own {@code trace_id} in them.
 */
public final class LogsHost {
  private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger("images.jul");
  private static org.slf4j.Logger logback;
  private static org.apache.logging.log4j.Logger log4j;
  /** What the patterns print of the event's context map in correlation mode. */
  static final String MDC_PATTERN = " trace_id=%X{trace_id} span_id=%X{span_id} trace_flags=%X{trace_flags} user=%X{user}";
  private static final boolean CORRELATION = Boolean.getBoolean("logs.correlation");

  private LogsHost() {}

  /** Prints {@code logs-host listening on URL} once bound. */
  public static void main(String[] args) throws Exception {
    configureJul();
    configureLogback();
    configureLog4j();

    JUL.info("jul started");
    JUL.fine("jul hidden");
    logback.info("logback started");
    logback.debug("logback hidden");
    log4j.info("log4j started");
    log4j.debug("log4j hidden");

    // A named thread: default pool names (pool-N-thread-M) count every pool in the JVM.
    ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4),
        task -> new Thread(task, "log-task"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/log", exchange -> {
      try (exchange) {
        String id = exchange.getRequestURI().getQuery();
        if (CORRELATION) {
          org.slf4j.MDC.put("user", "u" + id);
          org.apache.logging.log4j.ThreadContext.put("user", "u" + id);
        }
        JUL.log(Level.WARNING, "jul in request {0}", id);
        JUL.log(Level.SEVERE, "jul failed", new IllegalArgumentException("jul boom"));
        logback.warn("logback in request {}", id);
        logback.error("logback failed", new IllegalStateException("logback boom"));
        log4j.info("log4j in request {}", id);
        log4j.error("log4j failed", new UnsupportedOperationException("log4j boom"));
        pool.submit(() -> logback.info("logback in task {}", id)).get(10, TimeUnit.SECONDS);
        if (CORRELATION) {
          org.slf4j.MDC.put("trace_id", "host-" + id);
          org.apache.logging.log4j.ThreadContext.put("trace_id", "host-" + id);
          logback.info("logback own trace id {}", id);
          log4j.info("log4j own trace id {}", id);
          org.slf4j.MDC.clear();
          org.apache.logging.log4j.ThreadContext.clearMap();
        }
        byte[] body = "logged\n".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      }
    });
    server.start();
    System.out.println("logs-host listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** {@code images.jul} and its parent {@code images} each print to stdout; nothing to stderr. */
  private static void configureJul() {
    java.util.logging.Logger parent = java.util.logging.Logger.getLogger("images");
    parent.setUseParentHandlers(false);
    parent.setLevel(Level.INFO);
    parent.addHandler(new StdoutHandler("JUL-PARENT"));
    JUL.addHandler(new StdoutHandler("JUL"));
  }

  /** {@code images.logback} and the root logger each have a console appender. */
  private static void configureLogback() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.INFO);
    if (CORRELATION) {
      ch.qos.logback.classic.AsyncAppender async = new ch.qos.logback.classic.AsyncAppender();
      async.setContext(context);
      async.setName("ASYNC");
      async.addAppender(console(context, "LOGBACK-ROOT"));
      async.start();
      root.addAppender(async);
    } else {
      root.addAppender(console(context, "LOGBACK-ROOT"));
    }
    ch.qos.logback.classic.Logger images = context.getLogger("images.logback");
    images.addAppender(console(context, "LOGBACK"));
    logback = images;
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String tag) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(tag + " %level %logger [%thread] %msg" + (CORRELATION ? MDC_PATTERN : "") + "%n%ex{short}");
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(tag);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }

  /** {@code images.log4j} and the root logger config each have a console appender. */
  private static void configureLog4j() {
    ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setStatusLevel(org.apache.logging.log4j.Level.ERROR);
    for (String tag : new String[] {"LOG4J", "LOG4J-ROOT"}) {
      b.add(b.newAppender(tag, "Console").addAttribute("target", "SYSTEM_OUT")
          .add(b.newLayout("PatternLayout").addAttribute("pattern",
          // Log4j's %ex{short} ends without a line break; the async appender's lines would join it.
          tag + " %level %logger [%thread] %msg" + (CORRELATION ? MDC_PATTERN : "") + "%n%ex{short}"
          + (CORRELATION ? "%n" : ""))));
    }
    b.add(b.newRootLogger(org.apache.logging.log4j.Level.INFO).add(b.newAppenderRef("LOG4J-ROOT")));
    b.add(b.newLogger("images.log4j", org.apache.logging.log4j.Level.INFO).add(b.newAppenderRef("LOG4J")));
    Configurator.initialize(b.build());
    log4j = LogManager.getLogger("images.log4j");
  }

  /** Prints records to stdout: tag, level, logger, thread, message, the exception's first line. */
  private static final class StdoutHandler extends Handler {
    private final String tag;
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final PrintStream out = System.out;

    StdoutHandler(String tag) {
      this.tag = tag;
    }

    @Override
    public void publish(LogRecord record) {
      if (!isLoggable(record)) {
        return;
      }
      out.println(tag + " " + record.getLevel().getName() + " " + record.getLoggerName() + " ["
          + Thread.currentThread().getName() + "] " + formatter.formatMessage(record)
          + (record.getThrown() == null ? "" : "\n" + record.getThrown()));
      out.flush();
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {}
  }
}
