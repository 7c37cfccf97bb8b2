package io.pixtrace.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host that hands work to every kind of {@code java.util.concurrent} worker: virtual
 * threads (Java 21+, reached by reflection so the class also runs on 17), a
 * {@code ForkJoinPool}, the {@code CompletableFuture} default async pool, a scheduled
 * executor, a {@code Semaphore}-bounded section, and {@code @WithSpan} methods. Downloads go
 * to {@code UPSTREAM} with the JDK HttpClient. Started by {@link QueueIT} as its own JVM.
 */
public final class QueueHost {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static String upstream;

  private static final ForkJoinPool FORK_JOIN = new ForkJoinPool(1);
  private static final ScheduledThreadPoolExecutor SCHEDULED = new ScheduledThreadPoolExecutor(1);
  private static final ThreadPoolExecutor POOL =
      new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  private static final ForkJoinPool LEAK_FORK_JOIN = new ForkJoinPool(3);
  private static final ScheduledThreadPoolExecutor LEAK_SCHEDULED = new ScheduledThreadPoolExecutor(2);
  private static final Semaphore SLOT = new Semaphore(1);

  private QueueHost() {}

  /** Downloads {@code UPSTREAM/name}; returns the status code. */
  static int download(String name) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(upstream + "/" + name)).build(),
        HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  private static Callable<Integer> downloading(String name) {
    return () -> download(name);
  }

  // ---- @WithSpan methods (ivatar's custom spans are this case) ----

  /** A custom span named by its value, with attributes, around a download. */
  @WithSpan("avatar.generate_png")
  static int generatePng(@SpanAttribute("avatar.hash") String hash, @SpanAttribute("avatar.size") int size)
      throws IOException, InterruptedException {
    return download(hash) + Images.checksum(size);
  }

  /** A custom span that fails: the exception is recorded, the host catches it. */
  @WithSpan(value = "avatar.validate", kind = SpanKind.PRODUCER)
  static void validate(@SpanAttribute("avatar.hash") String hash) {
    if (hash.length() != 32) {
      throw new IllegalArgumentException("not an md5 hash: " + hash);
    }
  }

  /** Named {@code QueueHost$Images.checksum}, as the OpenTelemetry agent names it. */
  static final class Images {
    private Images() {}

    @WithSpan
    static int checksum(int size) {
      return size % 7;
    }
  }

  /** The probe every leak-test task calls: a span only when the task runs with a request's context. */
  @WithSpan("leak.task")
  static void probe(@SpanAttribute("leak.request") String request) {
    if (request == null) {
      throw new IllegalStateException();
    }
  }

  // ---- hand-offs ----

  /** Holds the single worker of a pool, handed off from a thread with no context. */
  private static CountDownLatch block(java.util.concurrent.Executor pool) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread submitter = new Thread(() -> pool.execute(() -> {
      started.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    submitter.start();
    submitter.join();
    started.await(20, TimeUnit.SECONDS);
    return release;
  }

  private static String virtualThreads(String name) throws Exception {
    ExecutorService vt = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      Future<Integer> viaExecutor = vt.submit(downloading(name));
      AtomicInteger viaThread = new AtomicInteger();
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Thread t = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
          .invoke(builder, (Runnable) () -> {
            try {
              viaThread.set(download(name));
            } catch (Exception e) {
              viaThread.set(-1);
            }
          });
      t.join(20_000);
      return viaExecutor.get(20, TimeUnit.SECONDS) + " " + viaThread.get();
    } finally {
      vt.shutdown();
    }
  }

  /** Two tasks wait behind a busy fork/join worker for at least 20 ms: a Callable and a ForkJoinTask. */
  private static String forkJoin(String name) throws Exception {
    CountDownLatch release = block(FORK_JOIN);
    ForkJoinTask<Integer> callable = FORK_JOIN.submit(downloading(name));
    ForkJoinTask<Integer> recursive = FORK_JOIN.submit(new RecursiveTask<Integer>() {
      @Override
      protected Integer compute() {
        try {
          return download(name);
        } catch (Exception e) {
          return -1;
        }
      }
    });
    Thread.sleep(20);
    release.countDown();
    return callable.get(20, TimeUnit.SECONDS) + " " + recursive.get(20, TimeUnit.SECONDS);
  }

  private static String completableFutures(String name) throws Exception {
    CompletableFuture<Integer> defaultPool = CompletableFuture.supplyAsync(() -> call(downloading(name)));
    CompletableFuture<Integer> ownPool = CompletableFuture.supplyAsync(() -> call(downloading(name)), POOL);
    return defaultPool.get(20, TimeUnit.SECONDS) + " " + ownPool.get(20, TimeUnit.SECONDS);
  }

  /** Due in 10 ms, started at least 30 ms late behind a busy worker. */
  private static String scheduled(String name) throws Exception {
    CountDownLatch release = block(SCHEDULED);
    ScheduledFuture<Integer> late = SCHEDULED.schedule(downloading(name), 10, TimeUnit.MILLISECONDS);
    Thread.sleep(40);
    release.countDown();
    return String.valueOf(late.get(20, TimeUnit.SECONDS));
  }

  private static String semaphore(String name, boolean timed) throws Exception {
    if (timed) {
      if (!SLOT.tryAcquire(1, 100, TimeUnit.MILLISECONDS)) {
        return null;
      }
    } else {
      SLOT.acquire();
    }
    try {
      return String.valueOf(download(name));
    } finally {
      SLOT.release();
    }
  }

  private static String annotated(String name) throws Exception {
    try {
      validate(name + "-not-a-hash");
    } catch (IllegalArgumentException expected) {
      // the host's own handling
    }
    return String.valueOf(generatePng(name, 80));
  }

  /** {@code n} tasks spread over every kind of pool, each calling {@link #probe}. */
  private static String leak(String id, int n, boolean virtual) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    ExecutorService vt = virtual
        ? (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null) : null;
    Runnable task = () -> probe(id);
    for (int i = 0; i < n; i++) {
      switch (i % 7) {
        case 0 -> futures.add(POOL.submit(task));
        case 1 -> futures.add(LEAK_FORK_JOIN.submit(task));
        case 2 -> futures.add(ForkJoinPool.commonPool().submit(task));
        case 3 -> futures.add(CompletableFuture.runAsync(task));
        case 4 -> futures.add(CompletableFuture.runAsync(task, POOL));
        case 5 -> futures.add(LEAK_SCHEDULED.schedule(task, i % 2, TimeUnit.MILLISECONDS));
        default -> futures.add(vt != null ? vt.submit(task) : LEAK_FORK_JOIN.submit(ForkJoinTask.adapt(task)));
      }
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    if (vt != null) {
      vt.shutdown();
    }
    return Integer.toString(n);
  }

  /** A periodic task started in a request: runs after the request ended carry no context. */
  private static ScheduledFuture<?> periodic;
  private static final AtomicInteger PERIODIC_RUNS = new AtomicInteger();

  private static String startPeriodic(String id) throws InterruptedException {
    CountDownLatch twice = new CountDownLatch(2);
    periodic = LEAK_SCHEDULED.scheduleAtFixedRate(() -> {
      PERIODIC_RUNS.incrementAndGet();
      probe(id);
      twice.countDown();
    }, 0, 5, TimeUnit.MILLISECONDS);
    twice.await(20, TimeUnit.SECONDS);
    return "started";
  }

  /** Tasks handed to the same pools from a thread with no context at all. */
  private static String background(boolean virtual) throws Exception {
    int runsBefore = PERIODIC_RUNS.get();
    AtomicInteger ran = new AtomicInteger();
    Thread t = new Thread(() -> {
      try {
        ran.set(Integer.parseInt(leak("background", 700, virtual)));
        // the periodic task keeps running after its request ended
        while (PERIODIC_RUNS.get() < runsBefore + 5) {
          Thread.sleep(5);
        }
        periodic.cancel(false);
      } catch (Exception e) {
        ran.set(-1);
      }
    });
    t.start();
    t.join(60_000);
    return Integer.toString(ran.get());
  }

  private static <V> V call(Callable<V> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Handler {
    String handle(String name) throws Exception;
  }

  private static void route(HttpServer server, String prefix, Handler handler) {
    server.createContext(prefix, exchange -> {
      try (exchange) {
        String name = exchange.getRequestURI().getPath().substring(prefix.length());
        String out = handler.handle(name);
        respond(exchange, out == null ? 503 : 200, out == null ? "no slot" : out);
      } catch (Exception e) {
        respond(exchange, 500, e.toString());
      }
    });
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Prints {@code queue-host listening on URL} once bound. */
  public static void main(String[] args) throws Exception {
    upstream = System.getenv("UPSTREAM");
    boolean virtual = Runtime.version().feature() >= 21;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(16));
    route(server, "/vt/", QueueHost::virtualThreads);
    route(server, "/fj/", QueueHost::forkJoin);
    route(server, "/cf/", QueueHost::completableFutures);
    route(server, "/scheduled/", QueueHost::scheduled);
    route(server, "/sem/", name -> semaphore(name, false));
    route(server, "/semtry/", name -> semaphore(name, true));
    route(server, "/semwaiting/", name -> Integer.toString(SLOT.getQueueLength()));
    route(server, "/annotated/", QueueHost::annotated);
    route(server, "/leak/", id -> leak(id, 200, virtual));
    route(server, "/periodic/", QueueHost::startPeriodic);
    route(server, "/background/", name -> background(virtual));
    server.start();
    System.out.println("queue-host listening on http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
  }
}
