package io.pixtrace.bootstrap;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends requests whose response the host never completes: one daemon thread, started with the
 * first request that outlives its entry call, runs each request's deadline
 * ({@code IMGPROXY_OPEN_TELEMETRY_RESPONSE_TIMEOUT}, docs/configuration.md). A deadline is
 * cancelled and removed when the response completes in time, so nothing of a request stays.
 */
final class ResponseTimeouts {
  private static volatile ScheduledThreadPoolExecutor timer;

  private ResponseTimeouts() {}

  /**
   * Runs {@code onTimeout} after {@code nanos} nanoseconds unless cancelled through the
   * returned future. Scheduled with the root context current, so the agent's own task is no
   * hand-off of the request (no queue span, no context).
   */
  static Future<?> schedule(Runnable onTimeout, long nanos) {
    try (Scope ignored = Context.root().makeCurrent()) {
      return timer().schedule(onTimeout, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Deadlines waiting (for tests). */
  static int pending() {
    ScheduledThreadPoolExecutor t = timer;
    return t == null ? 0 : t.getQueue().size();
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = timer;
    if (t == null) {
      synchronized (ResponseTimeouts.class) {
        t = timer;
        if (t == null) {
          t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "pixtrace-response-timeout");
            thread.setDaemon(true);
            return thread;
          });
          t.setRemoveOnCancelPolicy(true);
          timer = t;
        }
      }
    }
    return t;
  }
}
