package io.pixtrace.agent.sdk;

import io.pixtrace.bootstrap.AgentLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The export queues of one signal (traces or logs), one lane per collector, each lane being the
 * SDK's own batch processor ({@code BatchSpanProcessor}, {@code BatchLogRecordProcessor}) with
 * its exporter. This class only keeps count, in front of them, of how many items each lane
 * holds, and decides what happens when a lane is full ({@code IMGPROXY_OPEN_TELEMETRY_LOSSY}):
 *
 * <ul>
 *   <li>lossy ({@code true}, the default): the item is dropped for that lane at once and
 *       counted; the thread that ended the span never waits, as with the SDK alone;
 *   <li>not lossy: the thread waits for room, at most the queue-full timeout (the batch delay,
 *       {@code IMGPROXY_OPEN_TELEMETRY_THROTTLE}) per request: the waits of all the spans one
 *       thread ends for one trace add up to at most that, for all lanes together; then it drops
 *       and counts. And a batch the exporter fails to deliver is tried again
 *       ({@link CountingExporters}) instead of being lost, while the queue holds the newer items.
 * </ul>
 *
 * <p>Every item not delivered is counted once in {@code pixtrace.export.dropped} by its
 * {@code error.type}: {@code queue_full}, {@code export_failed}, {@code shutdown}.
 *
 * <p>An item takes a place in a lane when it is admitted and gives it back when the batch
 * processor hands it to its exporter ({@link #exported}, called by the counting exporter
 * wrapper). A place is therefore held while the item waits in the SDK's queue and while it sits
 * in the batch being filled, so a lane never holds more than the SDK queue's capacity ({@code
 * otel.bsp.max.queue.size} / {@code otel.blrp.max.queue.size}): the SDK's queue never
 * overflows, and every item dropped is one this class dropped and counted. The price is that
 * the batch being filled counts as queued: a lane is "full" up to one batch earlier than the SDK
 * alone would silently drop.
 */
final class ExportQueues {
  private final String signal;
  private final List<String> collectors;
  private final Room[] room;
  private final int capacity;
  private final boolean lossy;
  private final long queueFullTimeoutNanos;
  private final DroppedItems dropped;
  /** This thread's wait budget for the trace it last waited for (not lossy only). */
  private final ThreadLocal<Budget> budget = new ThreadLocal<>();
  private volatile boolean shuttingDown;

  /**
   * @param signal {@code traces} or {@code logs}, the {@code signal} attribute of the drop count
   * @param collectors one name per lane (for the log line)
   * @param capacity the batch processors' queue size
   * @param queueFullTimeout how long a thread may wait for room when not lossy, for all lanes
   */
  ExportQueues(String signal, List<String> collectors, int capacity, boolean lossy, Duration queueFullTimeout,
      DroppedItems dropped) {
    this.signal = signal;
    this.collectors = List.copyOf(collectors);
    this.capacity = capacity;
    this.room = new Room[collectors.size()];
    for (int i = 0; i < room.length; i++) {
      room[i] = new Room(capacity);
    }
    this.lossy = lossy;
    this.queueFullTimeoutNanos = Math.max(0, queueFullTimeout.toNanos());
    this.dropped = dropped;
  }

  /**
   * Hands the item to every lane with room ({@code toLane.accept(lane)}); drops it for the
   * others and counts those drops. {@code traceId} (null: none) is the item's trace: when not
   * lossy, a thread waits for room at most the queue-full timeout in all per trace.
   */
  void offer(String traceId, IntConsumer toLane) {
    if (shuttingDown) {
      for (int lane = 0; lane < room.length; lane++) {
        failed(lane, 1, DroppedItems.SHUTDOWN, null);
      }
      return;
    }
    Budget wait = null;
    long start = 0;
    for (int lane = 0; lane < room.length; lane++) {
      boolean admitted = room[lane].tryAcquire();
      if (!admitted && !lossy) {
        if (wait == null) {
          wait = budget(traceId);
          start = System.nanoTime();
        }
        admitted = await(room[lane], wait.leftNanos - (System.nanoTime() - start));
      }
      if (admitted) {
        try {
          toLane.accept(lane);
        } catch (RuntimeException e) {
          // Not queued after all; the other collectors still get the item.
          room[lane].release();
          AgentLog.error("export-queue:" + signal, "the batch processor for collector " + collectors.get(lane)
              + " failed to take an item", e);
        }
      } else {
        drop(lane);
      }
    }
    if (wait != null) {
      wait.leftNanos = Math.max(0, wait.leftNanos - (System.nanoTime() - start));
    }
  }

  /** The wait budget of this thread for {@code traceId}: a new trace gets the whole timeout. */
  private Budget budget(String traceId) {
    Budget b = budget.get();
    if (b == null) {
      b = new Budget();
      budget.set(b);
    }
    if (traceId == null || !traceId.equals(b.traceId)) {
      b.traceId = traceId;
      b.leftNanos = queueFullTimeoutNanos;
    }
    return b;
  }

  /** What is left of one thread's wait for one trace. */
  private static final class Budget {
    String traceId;
    long leftNanos;
  }

  /** Whether a failed export is tried again (LOSSY=false) rather than dropped. */
  boolean retries() {
    return !lossy;
  }

  /** The processors are shutting down: nothing more is queued, and failed exports are not tried again. */
  void shutDown() {
    shuttingDown = true;
  }

  boolean shuttingDown() {
    return shuttingDown;
  }

  /**
   * {@code count} items of the lane were not delivered, for {@code reason}
   * ({@link DroppedItems#EXPORT_FAILED}, {@link DroppedItems#SHUTDOWN}): counted, and said at
   * most once a minute.
   */
  void failed(int lane, int count, String reason, Throwable cause) {
    if (count <= 0) {
      return;
    }
    dropped.add(signal, reason, count);
    String items = signal.equals("traces") ? "spans" : "log records";
    AgentLog.error("export-" + reason + ":" + signal, count + " " + items + " for collector " + collectors.get(lane)
        + (reason.equals(DroppedItems.SHUTDOWN) ? " are dropped at shutdown (the collector did not take them in time)"
            : " are dropped: the export failed" + (lossy ? "" : " and kept failing for "
                + CountingExporters.RETRY_FOR.toMinutes() + " minutes"))
        + (cause == null ? "" : " (" + cause + ")") + "; counted in pixtrace.export.dropped{signal=" + signal
        + ",error.type=" + reason + "}", null);
  }

  /** The lane's batch processor handed {@code count} items to its exporter. */
  void exported(int lane, int count) {
    if (count > 0) {
      room[lane].release(count);
    }
  }

  /** Items admitted to the lane and not yet handed to its exporter. */
  int queued(int lane) {
    return capacity - room[lane].availablePermits();
  }

  private static boolean await(Semaphore room, long nanos) {
    if (nanos <= 0) {
      return room.tryAcquire();
    }
    try {
      return room.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      // The host asked this thread to stop: it does not wait for telemetry.
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * A lane's free places. Its own class so that the Semaphore instrumentation knows it for the
   * agent's (QueueStage#acquireStart): waiting here is not the host's queue.
   */
  private static final class Room extends Semaphore {
    private static final long serialVersionUID = 1L;

    Room(int permits) {
      super(permits);
    }
  }

  private void drop(int lane) {
    dropped.add(signal, DroppedItems.QUEUE_FULL, 1);
    AgentLog.error("export-queue-full:" + signal,
        (signal.equals("traces") ? "spans" : "log records") + " are dropped: the export queue for collector "
            + collectors.get(lane) + " is full (capacity " + capacity + (lossy ? ", LOSSY=true" : ", LOSSY=false, and the request"
            + " has waited its " + TimeUnit.NANOSECONDS.toMillis(queueFullTimeoutNanos) + " ms")
            + "); counted in pixtrace.export.dropped{signal=" + signal + ",error.type=queue_full}", null);
  }
}
