package io.pixtrace.bootstrap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's thread pools as saturation gauges: the semantic conventions' experimental
 * {@code jvm.executor.*} metrics (docs/telemetry.md, "Saturation") for every
 * {@code ThreadPoolExecutor}, Tomcat's own {@code ThreadPoolExecutor} and Jetty's
 * {@code QueuedThreadPool} that started a worker thread while the agent ran.
 *
 * <p>A pool is registered when its first worker thread starts (or, for Jetty, when it
 * starts), never per task: registration costs a lock and a weak-map lookup per worker
 * thread. Its name ({@code jvm.executor.name}) is the pool's own name when it has one
 * (Jetty), otherwise the first worker thread's name with its trailing number replaced by
 * {@code *} ({@code pool-1-thread-*}, {@code http-nio-8080-exec-*}, {@code avatar-worker-*}):
 * the thread factory's prefix, low in cardinality and stable for the pool's life. Pools are
 * held weakly and dropped when shut down. At most {@link #MAX_POOLS} are kept; past that, one
 * line says so and further pools have no gauges (a host that makes a pool per request would
 * otherwise make a series per request).
 *
 * <p>The values are read when metrics are collected, through the pools' public getters
 * (reflection, resolved once per class: Tomcat's and Jetty's classes are not visible here).
 */
public final class ExecutorPools {
  /** Most pools given gauges. */
  public static final int MAX_POOLS = 64;

  static final AttributeKey<String> NAME = AttributeKey.stringKey("jvm.executor.name");
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("jvm.executor.type");
  static final AttributeKey<String> STATE = AttributeKey.stringKey("jvm.executor.thread.state");

  private static final Map<Object, Pool> POOLS = new WeakHashMap<>();
  private static boolean full;

  private ExecutorPools() {}

  /**
   * A worker thread of {@code pool} (a {@code ThreadPoolExecutor}, or Tomcat's) starts on the
   * current thread: registers the pool, named after this thread, if it is new. Never throws.
   */
  public static void workerStarted(Object pool) {
    try {
      hostPool(pool);
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not register a thread pool", e);
    }
  }

  /**
   * A pool with a name of its own (Jetty's {@code QueuedThreadPool}, its public
   * {@code getName()}) started: registers it under that name. Never throws.
   */
  public static void poolStarted(Object pool) {
    try {
      if (pool == null || Pixtrace.telemetry() == null) {
        return;
      }
      Object name = pool.getClass().getMethod("getName").invoke(pool);
      register(pool, name instanceof String n && !n.isEmpty() ? n : pool.getClass().getSimpleName());
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not register a thread pool", e);
    }
  }

  /** {@code pool} invoked its rejection handler for a task ({@code jvm.executor.task.rejected}). Never throws. */
  public static void rejected(Object pool) {
    try {
      Pool p = hostPool(pool);
      if (p != null) {
        p.rejected.incrementAndGet();
      }
    } catch (Throwable e) {
      AgentLog.error("stage:queue", "could not count a rejected task", e);
    }
  }

  /**
   * The entry of a host's pool, registered (named after the current thread) if new;
   * {@code null} when telemetry is off, for the agent's own pools and past {@link #MAX_POOLS}.
   */
  private static Pool hostPool(Object pool) {
    return pool == null || Pixtrace.telemetry() == null || own(pool) ? null : register(pool, null);
  }

  /** The agent's own pools (its exporters' HTTP client, the Prometheus endpoint) are not the host's. */
  private static boolean own(Object pool) {
    if (!(pool instanceof ThreadPoolExecutor tpe)) {
      return false;
    }
    return AgentPackages.owns(tpe.getThreadFactory().getClass().getName());
  }

  private static Pool register(Object pool, String name) {
    synchronized (POOLS) {
      Pool p = POOLS.get(pool);
      if (p != null) {
        return p;
      }
      if (POOLS.size() >= MAX_POOLS) {
        if (!full) {
          full = true;
          AgentLog.info("stage:queue: " + MAX_POOLS + " thread pools have gauges; pools started after them have none");
        }
        return null;
      }
      p = new Pool(pool.getClass(), name != null ? name : normalize(Thread.currentThread().getName()));
      POOLS.put(pool, p);
      return p;
    }
  }

  /**
   * A worker thread's name as a pool name: a trailing number (and the separator before it
   * stays) becomes {@code *}: {@code pool-3-thread-7} → {@code pool-3-thread-*}; a name with
   * no trailing number is kept.
   */
  static String normalize(String threadName) {
    int end = threadName.length();
    while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
      end--;
    }
    return end == threadName.length() ? threadName : threadName.substring(0, end) + "*";
  }

  /** Registers the {@code jvm.executor.*} instruments on {@code meter}; called once per {@link Telemetry}. */
  static void observe(Meter meter) {
    ObservableLongMeasurement threads = meter.upDownCounterBuilder("jvm.executor.thread.count").setUnit("{thread}")
        .setDescription("The number of executor threads that are currently in the state described by jvm.executor.thread.state.")
        .buildObserver();
    ObservableLongMeasurement core = meter.upDownCounterBuilder("jvm.executor.thread.core").setUnit("{thread}")
        .setDescription("The number of core threads configured for the executor.").buildObserver();
    ObservableLongMeasurement limit = meter.upDownCounterBuilder("jvm.executor.thread.limit").setUnit("{thread}")
        .setDescription("The maximum number of threads allowed for the executor.").buildObserver();
    ObservableLongMeasurement queued = meter.upDownCounterBuilder("jvm.executor.queue.size").setUnit("{task}")
        .setDescription("The number of tasks currently queued for execution.").buildObserver();
    ObservableLongMeasurement capacity = meter.upDownCounterBuilder("jvm.executor.queue.capacity").setUnit("{task}")
        .setDescription("The maximum number of tasks the executor queue can hold.").buildObserver();
    ObservableLongMeasurement completed = meter.counterBuilder("jvm.executor.task.completed").setUnit("{task}")
        .setDescription("The number of tasks completed by the executor.").buildObserver();
    ObservableLongMeasurement rejected = meter.counterBuilder("jvm.executor.task.rejected").setUnit("{task}")
        .setDescription("The number of task submissions rejected by the executor.").buildObserver();
    meter.batchCallback(() -> {
      for (Map.Entry<Object, Pool> e : snapshot()) {
        try {
          e.getValue().record(e.getKey(), threads, core, limit, queued, capacity, completed, rejected);
        } catch (Throwable t) {
          AgentLog.error("stage:queue", "could not read thread pool " + e.getValue().name, t);
        }
      }
    }, threads, core, limit, queued, capacity, completed, rejected);
  }

  private static List<Map.Entry<Object, Pool>> snapshot() {
    synchronized (POOLS) {
      List<Map.Entry<Object, Pool>> all = new ArrayList<>(POOLS.size());
      for (Map.Entry<Object, Pool> e : POOLS.entrySet()) {
        all.add(Map.entry(e.getKey(), e.getValue()));
      }
      return all;
    }
  }

  private static void drop(Object pool) {
    synchronized (POOLS) {
      POOLS.remove(pool);
    }
  }

  /** One pool: its attributes and the getters that read it. */
  private static final class Pool {
    final String name;
    final Attributes attributes;
    final Attributes active;
    final Attributes idle;
    final AtomicLong rejected = new AtomicLong();
    /** {@code ThreadPoolExecutor}-like ({@code java.util.concurrent}'s and Tomcat's) or Jetty's. */
    final boolean jetty;
    final Method activeCount;
    final Method poolSize;
    final Method corePoolSize;
    final Method maximumPoolSize;
    final Method queueSize;
    final Method completedTaskCount;
    final Method shutdown;

    Pool(Class<?> type, String name) {
      this.name = name;
      this.attributes = Attributes.of(NAME, name, TYPE, type.getName());
      this.active = attributes.toBuilder().put(STATE, "active").build();
      this.idle = attributes.toBuilder().put(STATE, "idle").build();
      this.jetty = method(type, "getBusyThreads") != null;
      activeCount = method(type, jetty ? "getBusyThreads" : "getActiveCount");
      poolSize = method(type, jetty ? "getThreads" : "getPoolSize");
      corePoolSize = method(type, jetty ? "getMinThreads" : "getCorePoolSize");
      maximumPoolSize = method(type, jetty ? "getMaxThreads" : "getMaximumPoolSize");
      queueSize = method(type, jetty ? "getQueueSize" : "getQueue");
      completedTaskCount = jetty ? null : method(type, "getCompletedTaskCount");
      shutdown = method(type, jetty ? "isStopped" : "isShutdown");
    }

    void record(Object pool, ObservableLongMeasurement threads, ObservableLongMeasurement core,
        ObservableLongMeasurement limit, ObservableLongMeasurement queued, ObservableLongMeasurement capacity,
        ObservableLongMeasurement completed, ObservableLongMeasurement rejections) throws ReflectiveOperationException {
      if (shutdown != null && (Boolean) shutdown.invoke(pool)) {
        drop(pool);
        return;
      }
      long busy = number(activeCount, pool);
      long size = number(poolSize, pool);
      if (busy >= 0 && size >= 0) {
        threads.record(busy, active);
        threads.record(Math.max(0, size - busy), idle);
      }
      long coreThreads = number(corePoolSize, pool);
      if (coreThreads >= 0) {
        core.record(coreThreads, attributes);
      }
      long max = number(maximumPoolSize, pool);
      if (max >= 0 && max < Integer.MAX_VALUE) {
        limit.record(max, attributes); // an unbounded pool has no limit (semconv)
      }
      if (queueSize != null) {
        Object q = queueSize.invoke(pool);
        if (q instanceof java.util.concurrent.BlockingQueue<?> queue) {
          int n = queue.size();
          queued.record(n, attributes);
          long cap = (long) n + queue.remainingCapacity();
          if (cap < Integer.MAX_VALUE) {
            capacity.record(cap, attributes); // an unbounded queue has no capacity (semconv)
          }
        } else if (q instanceof Number n) {
          queued.record(n.longValue(), attributes);
        }
      }
      long done = number(completedTaskCount, pool);
      if (done >= 0) {
        completed.record(done, attributes);
      }
      if (!jetty) {
        rejections.record(rejected.get(), attributes);
      }
    }

    private static long number(Method m, Object pool) throws ReflectiveOperationException {
      return m == null ? -1 : ((Number) m.invoke(pool)).longValue();
    }

    private static Method method(Class<?> type, String name) {
      try {
        return type.getMethod(name);
      } catch (NoSuchMethodException e) {
        return null;
      }
    }
  }
}
