package io.pixtrace.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: {@code concurrency} client threads send {@code count} GET requests in
 * all, each thread its next request as soon as the previous one is answered, cycling through
 * {@code uris}. Stops early at {@code limit} (then {@link Result#sent} is below the count).
 */
final class Load {
  private Load() {}

  record Result(int sent, int errors, String firstError, double seconds, long[] latencyNanos) {
    double perSecond() {
      return sent / seconds;
    }

    /** Latency percentile (nearest rank) in milliseconds. */
    double percentileMs(double p) {
      long[] sorted = Arrays.copyOf(latencyNanos, sent);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
  }

  static Result run(HttpClient client, List<URI> uris, int count, int concurrency, Duration limit)
      throws InterruptedException {
    long[] latency = new long[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
    long deadline = System.nanoTime() + limit.toNanos();
    Thread[] threads = new Thread[concurrency];
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      threads[c] = new Thread(() -> {
        int i;
        while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
          HttpRequest request = HttpRequest.newBuilder(uris.get(i % uris.size()))
              .timeout(Duration.ofSeconds(10)).build();
          long s = System.nanoTime();
          try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, r.statusCode() + " " + request.uri().getPath() + ": "
                  + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).strip());
            }
          } catch (Exception e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
          }
          latency[done.getAndIncrement()] = System.nanoTime() - s;
        }
      }, "load-" + c);
      threads[c].start();
    }
    for (Thread t : threads) {
      t.join(limit.toMillis() + 30_000);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(done.get(), errors.get(), firstError.get(), seconds, latency);
  }
}
