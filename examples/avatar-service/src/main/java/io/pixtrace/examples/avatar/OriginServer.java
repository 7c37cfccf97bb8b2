package io.pixtrace.examples.avatar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for an upstream avatar origin (think Gravatar): serves the bundled demo images at
 * {@code GET /{md5(email)}}, answers 404 for unknown hashes, and has a few misbehaving
 * addresses for demos and tests (see {@link #CORRUPT_EMAIL}, {@link #SLOW_EMAIL} and
 * {@link #BROKEN_EMAIL}).
 *
 * <p>Run it with {@code java -cp avatar-service.jar io.pixtrace.examples.avatar.OriginServer
 * [PORT]} (default 8081, 0 = any free port), or {@code ... OriginServer --list} to print the
 * demo e-mail addresses and their hashes.
 */
public final class OriginServer implements AutoCloseable {

    /** Its hash serves a truncated JPEG that libvips cannot decode. */
    public static final String CORRUPT_EMAIL = "corrupt@example.com";
    /** Its hash answers only after {@link #SLOW_DELAY}. */
    public static final String SLOW_EMAIL = "slow@example.com";
    /** Its hash answers 500. */
    public static final String BROKEN_EMAIL = "broken@example.com";
    /** How long {@link #SLOW_EMAIL} makes the client wait. */
    public static final Duration SLOW_DELAY = Duration.ofSeconds(5);

    private static final Map<String, String> DEMO_IMAGES = Map.of(
            "alice@example.com", "/images/alice.jpg",
            "bob@example.com", "/images/bob.png",
            "carol@example.com", "/images/carol.webp");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, byte[]> imagesByHash;
    private final String corruptHash = md5Hex(CORRUPT_EMAIL);
    private final String slowHash = md5Hex(SLOW_EMAIL);
    private final String brokenHash = md5Hex(BROKEN_EMAIL);

    private OriginServer(HttpServer server, ExecutorService executor, Map<String, byte[]> imagesByHash) {
        this.server = server;
        this.executor = executor;
        this.imagesByHash = imagesByHash;
    }

    /**
     * The demo e-mail addresses and the classpath resource each one's avatar comes from
     * (a JPEG, a PNG with transparency and a WebP), in a stable order.
     */
    public static SequencedMap<String, String> demoAvatars() {
        SequencedMap<String, String> result = new LinkedHashMap<>();
        DEMO_IMAGES.keySet().stream().sorted().forEach(email -> result.put(email, DEMO_IMAGES.get(email)));
        return result;
    }

    /**
     * Gravatar-style hash of an e-mail address: lower-case hex MD5 of the trimmed,
     * lower-cased address.
     */
    public static String md5Hex(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 not available", e);
        }
    }

    /** The bytes of a bundled demo image, e.g. {@code /images/alice.jpg}. */
    public static byte[] demoImage(String resource) {
        return DefaultAvatars.resource(resource);
    }

    /**
     * Starts an origin on {@code host}:{@code port} (0 = any free port).
     *
     * @throws IOException if the address cannot be bound
     */
    public static OriginServer start(String host, int port) throws IOException {
        Map<String, byte[]> images = new LinkedHashMap<>();
        demoAvatars().forEach((email, resource) -> images.put(md5Hex(email), demoImage(resource)));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "origin-http");
            thread.setDaemon(true);
            return thread;
        });
        OriginServer origin = new OriginServer(server, executor, Map.copyOf(images));
        server.setExecutor(executor);
        server.createContext("/", origin::handle);
        server.start();
        return origin;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}; avatars are at {@code {baseUrl}/{hash}}. */
    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    /** Stops the server and interrupts slow answers still in progress. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String hash = exchange.getRequestURI().getPath().substring(1).toLowerCase(Locale.ROOT);
            if (!exchange.getRequestMethod().equals("GET")) {
                reply(exchange, 405, "text/plain", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
            } else if (hash.equals(slowHash)) {
                try {
                    Thread.sleep(SLOW_DELAY);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                reply(exchange, 200, "image/jpeg", imagesByHash.get(md5Hex("alice@example.com")));
            } else if (hash.equals(corruptHash)) {
                byte[] jpeg = imagesByHash.get(md5Hex("alice@example.com"));
                reply(exchange, 200, "image/jpeg", Arrays.copyOf(jpeg, 100));
            } else if (hash.equals(brokenHash)) {
                reply(exchange, 500, "text/plain", "origin failure\n".getBytes(StandardCharsets.UTF_8));
            } else if (imagesByHash.containsKey(hash)) {
                byte[] image = imagesByHash.get(hash);
                reply(exchange, 200, contentType(image), image);
            } else {
                reply(exchange, 404, "text/plain", "no such avatar\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String contentType(byte[] image) {
        if (image.length > 3 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8) {
            return "image/jpeg";
        }
        if (image.length > 12 && image[8] == 'W' && image[9] == 'E' && image[10] == 'B' && image[11] == 'P') {
            return "image/webp";
        }
        return "image/png";
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * Runs the origin; arguments: PORT (default 8081) and HOST to bind (default 127.0.0.1;
     * {@code 0.0.0.0} in a container that other containers reach), or {@code --list}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--list")) {
            demoAvatars().forEach((email, resource) -> System.out.println(email + " " + md5Hex(email) + " " + resource));
            for (String email : new String[] {CORRUPT_EMAIL, SLOW_EMAIL, BROKEN_EMAIL}) {
                System.out.println(email + " " + md5Hex(email) + " (special)");
            }
            return;
        }
        int port;
        try {
            port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            System.err.println("usage: OriginServer [PORT [HOST]|--list]  (PORT 0-65535, default 8081; HOST default 127.0.0.1)");
            System.exit(2);
            return;
        }
        OriginServer origin = start(args.length > 1 ? args[1] : "127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(origin::close, "origin-shutdown"));
        System.out.println("origin listening on " + origin.baseUrl());
        System.out.flush();
    }
}
