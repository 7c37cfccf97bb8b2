package io.pixtrace.examples.avatar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pixtrace.examples.avatar.libvips.CorruptImageException;
import io.pixtrace.examples.avatar.libvips.ImageInfo;
import io.pixtrace.examples.avatar.libvips.Vips;
import io.pixtrace.examples.avatar.libvips.VipsException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The avatar service: an {@link HttpServer} whose handler threads hand every image job to a
 * bounded {@link ThreadPoolExecutor}, which downloads originals with {@link UpstreamClient} and
 * resizes them with libvips ({@link Vips}). Uploaded avatars live in memory.
 *
 * <p>Start it with {@link #start(Config)} and stop it with {@link #close()}.
 */
public final class AvatarService implements AutoCloseable {

    /** Smallest accepted {@code s} value, in pixels. */
    public static final int MIN_SIZE = 16;
    /** Largest accepted {@code s} value, in pixels. */
    public static final int MAX_SIZE = 1024;
    /** Size used when {@code s} is absent, in pixels. */
    public static final int DEFAULT_SIZE = 80;
    /** Threads serving HTTP exchanges (they mostly wait on processing results). */
    public static final int HANDLER_THREADS = 8;
    /** Largest accepted width or height of an uploaded image, in pixels. */
    public static final int MAX_UPLOAD_DIMENSION = 8192;

    private static final System.Logger LOG = System.getLogger(AvatarService.class.getName());
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{64}");
    private static final Set<String> SOURCE_FORMATS = Set.of("jpeg", "png", "webp", "gif");
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Config config;
    private final ExecutorService handlerExecutor;
    private final ThreadPoolExecutor processing;
    private final UpstreamClient upstream;
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final HttpServer server;

    private AvatarService(Config config, HttpServer server, ExecutorService handlerExecutor,
                          ThreadPoolExecutor processing, UpstreamClient upstream) {
        this.config = config;
        this.server = server;
        this.handlerExecutor = handlerExecutor;
        this.processing = processing;
        this.upstream = upstream;
    }

    /**
     * Initialises libvips, binds the HTTP server and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    public static AvatarService start(Config config) throws IOException {
        Vips.init();
        BlockingQueue<Runnable> queue = config.queueSize() == 0
                ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(config.queueSize());
        ThreadPoolExecutor processing = new ThreadPoolExecutor(config.workers(), config.workers(),
                0L, TimeUnit.MILLISECONDS, queue, named("avatar-worker-"),
                new ThreadPoolExecutor.AbortPolicy());
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, named("avatar-http-"));
        UpstreamClient upstream = config.upstreamUrl() == null ? null
                : new UpstreamClient(config.upstreamUrl(), config.upstreamTimeout(), config.maxUploadBytes());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
        } catch (IOException | RuntimeException e) {
            processing.shutdownNow();
            handlers.shutdownNow();
            if (upstream != null) {
                upstream.close();
            }
            throw e;
        }
        AvatarService service = new AvatarService(config, server, handlers, processing, upstream);
        server.setExecutor(handlers);
        // One context per route, as HttpServer users do: the context path is the route a
        // monitoring tool can report; "/" catches everything else (404).
        server.createContext("/avatar/", service::handle);
        server.createContext("/health", service::handle);
        server.createContext("/", service::handle);
        server.start();
        return service;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL of the service, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUrl() {
        String host = server.getAddress().getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Stops accepting requests, cancels running jobs and releases all threads. */
    @Override
    public void close() {
        server.stop(0);
        processing.shutdownNow();
        handlerExecutor.shutdownNow();
        if (upstream != null) {
            upstream.close();
        }
        try {
            processing.awaitTermination(2, TimeUnit.SECONDS);
            handlerExecutor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- HTTP layer

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (HttpStatusException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " -> " + e.status() + " " + e.getMessage());
                sendError(exchange, e);
            } catch (Exception | Error e) {
                LOG.log(System.Logger.Level.WARNING, "request failed: " + exchange.getRequestURI(), e);
                sendError(exchange, new HttpStatusException(500, "internal server error", e));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health")) {
            requireMethod(method, "GET");
            send(exchange, 200, TEXT, "ok\n".getBytes(StandardCharsets.UTF_8), null);
        } else if (path.startsWith("/avatar/") && path.length() > "/avatar/".length()
                && path.indexOf('/', "/avatar/".length()) < 0) {
            requireMethod(method, "GET", "POST");
            String hash = path.substring("/avatar/".length()).toLowerCase(Locale.ROOT);
            if (!HASH.matcher(hash).matches()) {
                throw new HttpStatusException(400, "hash must be 32 or 64 hex digits");
            }
            if (method.equals("GET")) {
                getAvatar(exchange, hash);
            } else {
                postAvatar(exchange, hash);
            }
        } else {
            throw new HttpStatusException(404, "not found");
        }
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowed(String.join(", ", allowed));
    }

    private void getAvatar(HttpExchange exchange, String hash) throws IOException, InterruptedException {
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        int size = parseSize(first(query, "s", "size").orElse(null));
        ImageFormat format = first(query, "f", "format")
                .map(f -> ImageFormat.parse(f).orElseThrow(() ->
                        new HttpStatusException(400, "f must be png, jpg or webp")))
                .orElse(ImageFormat.PNG);
        DefaultAvatars.Kind fallback = first(query, "d", "default")
                .map(d -> DefaultAvatars.Kind.parse(d).orElseThrow(() ->
                        new HttpStatusException(400, "d must be 404, mp, identicon or blank")))
                .orElse(DefaultAvatars.Kind.NOT_FOUND);
        byte[] image = runOnWorker(() -> render(hash, size, format, fallback));
        send(exchange, 200, format.contentType(), image, "public, max-age=300");
    }

    private void postAvatar(HttpExchange exchange, String hash) throws IOException, InterruptedException {
        byte[] body = readBody(exchange, config.maxUploadBytes());
        ImageInfo info = runOnWorker(() -> store(hash, body));
        exchange.getResponseHeaders().set("Location", "/avatar/" + hash);
        String text = "stored " + info.format() + " " + info.width() + "x" + info.height() + "\n";
        send(exchange, 201, TEXT, text.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Runs {@code job} on the processing pool and waits for it, translating the outcome into
     * HTTP terms: a full queue is 503, running out of time is 504, a corrupt image is 422.
     */
    private <T> T runOnWorker(Callable<T> job) throws InterruptedException {
        Future<T> future;
        try {
            future = processing.submit(job);
        } catch (RejectedExecutionException e) {
            throw new HttpStatusException(503, "too busy, try again", e);
        }
        try {
            return future.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpStatusException(504, "request timed out", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw switch (e.getCause()) {
                case HttpStatusException status -> status;
                case CorruptImageException corrupt ->
                        new HttpStatusException(422, "image does not decode: " + firstLine(corrupt), corrupt);
                case VipsException vips -> new HttpStatusException(500, "image processing failed", vips);
                case RuntimeException other -> other;
                case Throwable other -> new IllegalStateException(other);
            };
        }
    }

    // ---------------------------------------------------------------- processing jobs

    /** Worker job: finds the source image for {@code hash} (or a fallback) and resizes it. */
    private byte[] render(String hash, int size, ImageFormat format, DefaultAvatars.Kind fallback)
            throws InterruptedException {
        byte[] source = uploads.get(hash);
        if (source == null && upstream != null) {
            source = upstream.fetch(hash).orElse(null);
            if (source != null) {
                requireSourceFormat(Vips.loaderFor(source));
            }
        }
        if (source == null) {
            source = switch (fallback) {
                case NOT_FOUND -> throw new HttpStatusException(404, "no avatar for this hash");
                case MYSTERY_PERSON -> DefaultAvatars.mysteryPerson();
                case IDENTICON -> DefaultAvatars.identiconSvg(hash, size).getBytes(StandardCharsets.UTF_8);
                case BLANK -> DefaultAvatars.blankSvg(size).getBytes(StandardCharsets.UTF_8);
            };
        }
        return Vips.thumbnail(source, size, format.extension());
    }

    /** Worker job: checks that an upload decodes and keeps it. */
    private ImageInfo store(String hash, byte[] image) {
        ImageInfo info = Vips.probe(image);
        requireSourceFormat(info.format());
        if (info.width() > MAX_UPLOAD_DIMENSION || info.height() > MAX_UPLOAD_DIMENSION) {
            throw new HttpStatusException(422, "image larger than " + MAX_UPLOAD_DIMENSION + " px");
        }
        uploads.put(hash, image);
        return info;
    }

    private static void requireSourceFormat(String format) {
        if (format == null) {
            throw new HttpStatusException(422, "image does not decode: not a known image format");
        }
        if (!SOURCE_FORMATS.contains(format)) {
            throw new HttpStatusException(422, "unsupported image format: " + format);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int parseSize(String raw) {
        if (raw == null) {
            return DEFAULT_SIZE;
        }
        try {
            int size = Integer.parseInt(raw);
            if (size >= MIN_SIZE && size <= MAX_SIZE) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new HttpStatusException(400, "s must be an integer from " + MIN_SIZE + " to " + MAX_SIZE);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpStatusException(400, "malformed query string");
            }
        }
        return params;
    }

    private static Optional<String> first(Map<String, String> query, String name, String alias) {
        return Optional.ofNullable(query.getOrDefault(name, query.get(alias)));
    }

    /** Reads at most {@code max} bytes of request body; 413 if it is larger. */
    private static byte[] readBody(HttpExchange exchange, int max) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(max + 1);
        if (body.length <= max) {
            return body;
        }
        // Swallow a moderate excess so that the client gets to read our answer.
        long drained = 0;
        byte[] scratch = new byte[16 * 1024];
        for (int n; drained < 8L * max && (n = in.read(scratch)) >= 0; ) {
            drained += n;
        }
        throw new HttpStatusException(413, "upload larger than " + max + " bytes");
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body,
                             String cacheControl) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sendError(HttpExchange exchange, HttpStatusException error) {
        try {
            if (error.status() == 503) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            if (error instanceof MethodNotAllowed notAllowed) {
                exchange.getResponseHeaders().set("Allow", notAllowed.allow);
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            byte[] body = (error.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            send(exchange, error.status(), TEXT, body, null);
        } catch (IOException | RuntimeException e) {
            // Headers already sent or client gone: closing the exchange is all we can do.
            LOG.log(System.Logger.Level.DEBUG, "could not send error " + error.status(), e);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
    }

    /** 405 with the {@code Allow} header of the resource. */
    private static final class MethodNotAllowed extends HttpStatusException {
        private static final long serialVersionUID = 1L;
        private final String allow;

        MethodNotAllowed(String allow) {
            super(405, "method not allowed");
            this.allow = allow;
        }
    }
}
