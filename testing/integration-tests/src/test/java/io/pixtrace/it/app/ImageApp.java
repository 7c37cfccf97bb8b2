package io.pixtrace.it.app;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The image service every server test host runs (AbstractServerIT's cases), whatever the
 * server: a front-end (the JDK server, a servlet, Spring) turns a request {@code /{case}/{name}}
 * into {@link #handle} and gives it a {@link Reply}. In {@link Mode#SYNC} the handler thread
 * waits for the work and writes the response; in {@link Mode#ASYNC} the handler returns at
 * once and the response is written by whatever thread finishes the work.
 *
 * <p>Cases: {@code sync} (download with {@code HttpClient.send} and process on the handler
 * thread), {@code chain} ({@code sendAsync}, a check in {@code thenApply}, the pixels in
 * {@code thenApplyAsync(process, pool)}; an origin 404 answers 404), {@code later} (100 ms
 * later another thread downloads, and the thumbnail is answered), {@code error} (500), {@code throw} (the handler throws),
 * {@code full} (the bounded pool rejects: 503), {@code never} (no response), {@code health}.
 * Configured by system properties: {@code imageapp.origin} (base URL of the images),
 * {@code imageapp.mode} ({@code sync} or {@code async}).
 */
public final class ImageApp {
  /** Who writes the response. */
  public enum Mode { SYNC, ASYNC }

  /** How the front-end answers and runs later work for one request. */
  public interface Reply {
    /** Writes the whole response (text body) and completes it. */
    void send(int status, String body);

    /** Runs {@code work} on another thread of the server's choosing, after the handler returned. */
    void later(Runnable work);

    /** Makes the thumbnail of {@code source} and answers it (a front-end may do this on yet another thread). */
    default void sendProcessed(byte[] source) {
      send(200, process(source));
    }
  }

  private static volatile ImageApp instance;

  public final Mode mode;
  private final URI origin;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** The bounded processing pool: imgproxy's workers and their queue. */
  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64));
  /** A pool whose only worker is busy for good and that has no queue: every hand-off is rejected. */
  private final ThreadPoolExecutor fullPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  private ImageApp(URI origin, Mode mode) {
    this.origin = origin;
    this.mode = mode;
    CountDownLatch forever = new CountDownLatch(1);
    fullPool.execute(() -> {
      try {
        forever.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** The app configured by the system properties, made once per class loader that asks. */
  public static ImageApp get() {
    ImageApp a = instance;
    if (a == null) {
      synchronized (ImageApp.class) {
        a = instance;
        if (a == null) {
          a = new ImageApp(URI.create(System.getProperty("imageapp.origin")),
              Mode.valueOf(System.getProperty("imageapp.mode", "sync").toUpperCase(java.util.Locale.ROOT)));
          instance = a;
        }
      }
    }
    return a;
  }

  /** Schedules {@code work} {@code ms} milliseconds from now on the app's own timer thread. */
  public void schedule(Runnable work, long ms) {
    timer.schedule(work, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Handles one request. Throws for the {@code throw} case (before any response); every
   * other case answers through {@code reply}, now or later, except {@code never}.
   */
  public void handle(String kase, String name, Reply reply) throws Exception {
    switch (kase) {
      case "health" -> reply.send(200, "ok");
      case "sync" -> reply.send(200, process(download(name)));
      case "chain" -> chain(name, reply);
      case "later" -> {
        if (mode == Mode.SYNC) {
          CompletableFuture<byte[]> source = new CompletableFuture<>();
          reply.later(() -> source.complete(downloadOrNothing(name)));
          reply.sendProcessed(source.get(10, TimeUnit.SECONDS));
        } else {
          reply.later(() -> reply.sendProcessed(downloadOrNothing(name)));
        }
      }
      case "error" -> reply.send(500, "error");
      case "throw" -> throw new IllegalStateException("boom");
      case "full" -> {
        try {
          fullPool.execute(() -> reply.send(200, "never runs"));
        } catch (RejectedExecutionException e) {
          reply.send(503, "busy");
        }
      }
      case "never" -> { }
      default -> reply.send(400, "no such case: " + kase);
    }
  }

  /**
   * The {@code chain} case's work: {@code sendAsync}, a check in {@code thenApply} (an origin
   * status other than 200 fails it with {@link NotFound}), the pixels on the bounded pool.
   */
  public CompletableFuture<String> chain(String name) {
    return client.sendAsync(request(name), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> {
          if (r.statusCode() != 200) {
            throw new NotFound(r.statusCode());
          }
          return r.body();
        })
        .thenApplyAsync(ImageApp::process, pool);
  }

  /** The {@code sync} case's work on the calling thread: download, then the thumbnail. */
  public String thumbnail(String name) {
    return process(downloadOrNothing(name));
  }

  /** The bounded processing pool (4 workers, 64 queued). */
  public java.util.concurrent.ExecutorService pool() {
    return pool;
  }

  /** Hands {@code work} to the pool that is always full: throws {@link RejectedExecutionException}. */
  public void submitToFullPool(Runnable work) {
    fullPool.execute(work);
  }

  private void chain(String name, Reply reply) {
    CompletableFuture<String> work = chain(name);
    if (mode == Mode.SYNC) {
      try {
        reply.send(200, work.join());
      } catch (CompletionException e) {
        answerFailure(e, reply);
      }
    } else {
      work.whenComplete((body, failure) -> {
        if (failure == null) {
          reply.send(200, body);
        } else {
          answerFailure(failure, reply);
        }
      });
    }
  }

  /** The cause inside a {@link CompletionException}. */
  public static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private static void answerFailure(Throwable failure, Reply reply) {
    Throwable cause = unwrap(failure);
    if (cause instanceof NotFound) {
      reply.send(404, "origin answered " + ((NotFound) cause).status);
    } else {
      reply.send(502, String.valueOf(cause));
    }
  }

  private byte[] download(String name) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = client.send(request(name), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new NotFound(r.statusCode());
    }
    return r.body();
  }

  private byte[] downloadOrNothing(String name) {
    try {
      return download(name);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String name) {
    return HttpRequest.newBuilder(origin.resolve(name)).build();
  }

  /** Decodes the image and scales it to 32 pixels wide (ImageIO, instrumented as image work). */
  public static String process(byte[] source) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(source));
      int height = Math.max(1, image.getHeight() * 32 / image.getWidth());
      BufferedImage thumb = new BufferedImage(32, height, BufferedImage.TYPE_INT_RGB);
      thumb.getGraphics().drawImage(image.getScaledInstance(32, height, Image.SCALE_FAST), 0, 0, null);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(thumb, "png", out);
      return "thumbnail 32x" + height + " (" + out.size() + " bytes)";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The origin did not answer 200. */
  public static final class NotFound extends RuntimeException {
    public final int status;

    NotFound(int status) {
      super("origin answered " + status, null, false, false);
      this.status = status;
    }
  }

  /** UTF-8 bytes of a body. */
  public static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
