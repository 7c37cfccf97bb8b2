package io.pixtrace.examples.avatar;

import com.sun.net.httpserver.HttpServer;
import io.pixtrace.examples.avatar.libvips.ImageInfo;
import io.pixtrace.examples.avatar.libvips.Vips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** End-to-end tests: real HTTP on loopback, a real origin and real libvips. */
class AvatarServiceTest {

    private static final String ALICE = OriginServer.md5Hex("alice@example.com");
    private static final String UNKNOWN = OriginServer.md5Hex("nobody@example.com");
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(LONG).build();
    private static OriginServer origin;
    private static AvatarService service;

    @BeforeAll
    static void startServers() throws IOException {
        origin = OriginServer.start("127.0.0.1", 0);
        service = AvatarService.start(Config.defaults().withPort(0).withUpstream(origin.baseUrl()));
    }

    @AfterAll
    static void stopServers() {
        service.close();
        origin.close();
        HTTP.shutdownNow();
    }

    // ------------------------------------------------------------------ happy paths

    @Test
    void health() throws Exception {
        HttpResponse<String> response = HTTP.send(request(service, "/health").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    static Stream<Arguments> demoAvatarsInEveryFormat() {
        return OriginServer.demoAvatars().keySet().stream()
                .flatMap(email -> Stream.of(ImageFormat.values()).map(format -> Arguments.of(email, format)));
    }

    @ParameterizedTest
    @MethodSource("demoAvatarsInEveryFormat")
    void missDownloadsFromTheOriginAndResizes(String email, ImageFormat format) throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + OriginServer.md5Hex(email)
                + "?s=100&f=" + format.extension());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(format.contentType());
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        ImageInfo info = Vips.probe(response.body());
        assertThat(info.width()).isEqualTo(100);
        assertThat(info.height()).isEqualTo(100);
        assertThat(info.format()).isEqualTo(format == ImageFormat.JPG ? "jpeg" : format.extension());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 80, 1024})
    void sizeLimitsAndImageIoAgrees(int size) throws Exception {
        HttpResponse<byte[]> png = get(service, "/avatar/" + ALICE + "?s=" + size);
        HttpResponse<byte[]> jpeg = get(service, "/avatar/" + ALICE + "?size=" + size + "&f=jpeg");

        BufferedImage fromPng = ImageIO.read(new ByteArrayInputStream(png.body()));
        BufferedImage fromJpeg = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        assertThat(new int[] {fromPng.getWidth(), fromPng.getHeight()}).containsExactly(size, size);
        assertThat(new int[] {fromJpeg.getWidth(), fromJpeg.getHeight()}).containsExactly(size, size);
    }

    @Test
    void defaultSizeIs80Png() throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + ALICE.toUpperCase());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Vips.probe(response.body())).isEqualTo(new ImageInfo(80, 80, 3, "png"));
    }

    @Test
    void uploadThenHit() throws Exception {
        String hash = OriginServer.md5Hex("uploader@example.com");
        assertThat(get(service, "/avatar/" + hash).statusCode()).isEqualTo(404);

        HttpResponse<String> upload = post(service, "/avatar/" + hash, OriginServer.demoImage("/images/bob.png"));
        assertThat(upload.statusCode()).isEqualTo(201);
        assertThat(upload.body()).isEqualTo("stored png 256x256\n");
        assertThat(upload.headers().firstValue("Location")).contains("/avatar/" + hash);

        HttpResponse<byte[]> hit = get(service, "/avatar/" + hash + "?s=64&f=webp");
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(Vips.probe(hit.body())).isEqualTo(new ImageInfo(64, 64, 4, "webp"));
    }

    @Test
    void uploadWinsOverTheOrigin() throws Exception {
        String hash = OriginServer.md5Hex("carol@example.com");
        byte[] fromOrigin = get(service, "/avatar/" + hash + "?s=40").body();
        assertThat(Vips.probe(fromOrigin).bands()).isEqualTo(3);

        assertThat(post(service, "/avatar/" + hash, OriginServer.demoImage("/images/bob.png")).statusCode())
                .isEqualTo(201);

        assertThat(Vips.probe(get(service, "/avatar/" + hash + "?s=40").body()).bands()).isEqualTo(4);
    }

    // ------------------------------------------------------------------ d= fallbacks

    @Test
    void unknownHashIs404WithoutFallback() throws Exception {
        for (String query : new String[] {"", "?d=404", "?s=50&default=404"}) {
            HttpResponse<byte[]> response = get(service, "/avatar/" + UNKNOWN + query);
            assertThat(response.statusCode()).as(query).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        }
    }

    @Test
    void mysteryPersonFallback() throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + UNKNOWN + "?d=mp&s=90&f=jpg");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(Vips.probe(response.body())).isEqualTo(new ImageInfo(90, 90, 3, "jpeg"));
    }

    @Test
    void identiconFallbackIsDeterministic() throws Exception {
        HttpResponse<byte[]> first = get(service, "/avatar/" + UNKNOWN + "?d=identicon&s=120");
        HttpResponse<byte[]> second = get(service, "/avatar/" + UNKNOWN + "?d=identicon&s=120");
        HttpResponse<byte[]> other = get(service, "/avatar/" + OriginServer.md5Hex("x@example.com") + "?d=identicon&s=120");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Vips.probe(first.body())).isEqualTo(new ImageInfo(120, 120, 4, "png"));
        assertThat(first.body()).isEqualTo(second.body());
        assertThat(other.body()).isNotEqualTo(first.body());
    }

    @Test
    void blankFallbackIsTransparent() throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + UNKNOWN + "?d=blank&s=32");

        assertThat(response.statusCode()).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat(image.getRGB(0, 0) >>> 24).isZero();
        assertThat(image.getRGB(16, 16) >>> 24).isZero();
    }

    @Test
    void fallbackIsIgnoredWhenTheAvatarExists() throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + ALICE + "?d=blank&s=32");

        assertThat(Vips.probe(response.body()).bands()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ client errors

    @ParameterizedTest
    @ValueSource(strings = {"?s=15", "?s=1025", "?s=abc", "?s=", "?f=gif", "?d=retro", "?f=%E2%82%AC", "?s=1%2B1"})
    void badParametersAre400(String query) throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + ALICE + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isNotBlank();
    }

    @Test
    void badHashIs400() throws Exception {
        assertThat(get(service, "/avatar/not-a-hash").statusCode()).isEqualTo(400);
        assertThat(get(service, "/avatar/" + ALICE + "0").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/nope", "/avatar/", "/avatar/" + "0123456789abcdef0123456789abcdef/x", "/health/x"})
    void unknownPathsAre404(String path) throws Exception {
        assertThat(get(service, path).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodsAre405() throws Exception {
        HttpResponse<String> put = HTTP.send(request(service, "/avatar/" + ALICE)
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> delete = HTTP.send(request(service, "/avatar/" + ALICE).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> postHealth = post(service, "/health", new byte[] {1});

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(postHealth.statusCode()).isEqualTo(405);
        assertThat(postHealth.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void corruptUploadsAre422() throws Exception {
        String hash = OriginServer.md5Hex("corrupt-upload@example.com");
        byte[] truncatedJpeg = Arrays.copyOf(OriginServer.demoImage("/images/alice.jpg"), 100);
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> garbage = post(service, "/avatar/" + hash, "hello".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> truncated = post(service, "/avatar/" + hash, truncatedJpeg);
        HttpResponse<String> empty = post(service, "/avatar/" + hash, new byte[0]);
        HttpResponse<String> vector = post(service, "/avatar/" + hash, svg);

        assertThat(garbage.statusCode()).isEqualTo(422);
        assertThat(garbage.body()).contains("not in a known format");
        assertThat(truncated.statusCode()).isEqualTo(422);
        assertThat(truncated.body()).contains("JPEG");
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(vector.statusCode()).isEqualTo(422);
        assertThat(vector.body()).contains("unsupported image format: svg");
        assertThat(get(service, "/avatar/" + hash).statusCode()).isEqualTo(404);
    }

    @Test
    void oversizedUploadIs413() throws Exception {
        try (AvatarService small = AvatarService.start(Config.defaults().withPort(0).withMaxUploadBytes(16 * 1024))) {
            String hash = OriginServer.md5Hex("big@example.com");

            HttpResponse<String> tooBig = post(small, "/avatar/" + hash, new byte[40 * 1024]);
            HttpResponse<String> fits = post(small, "/avatar/" + hash, OriginServer.demoImage("/images/bob.png"));

            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(fits.statusCode()).isEqualTo(201);
        }
    }

    // ------------------------------------------------------------------ upstream failures

    @Test
    void corruptUpstreamImageIs422() throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + OriginServer.md5Hex(OriginServer.CORRUPT_EMAIL));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("image does not decode");
    }

    @Test
    void upstream500Is502() throws Exception {
        HttpResponse<byte[]> response = get(service, "/avatar/" + OriginServer.md5Hex(OriginServer.BROKEN_EMAIL) + "?d=mp");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("upstream answered 500\n");
    }

    @Test
    void refusedUpstreamConnectionIs502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Config config = Config.defaults().withPort(0).withUpstream(URI.create("http://127.0.0.1:" + closedPort));
        try (AvatarService refused = AvatarService.start(config)) {
            assertThat(get(refused, "/avatar/" + ALICE).statusCode()).isEqualTo(502);
        }
    }

    @Test
    void slowUpstreamIs504() throws Exception {
        Config config = Config.defaults().withPort(0).withUpstream(origin.baseUrl()).withTimeouts(SHORT, LONG);
        try (AvatarService impatient = AvatarService.start(config)) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = get(impatient, "/avatar/" + OriginServer.md5Hex(OriginServer.SLOW_EMAIL));

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("upstream timed out\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void slowRequestIs504() throws Exception {
        Config config = Config.defaults().withPort(0).withUpstream(origin.baseUrl()).withTimeouts(LONG, SHORT);
        try (AvatarService impatient = AvatarService.start(config)) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = get(impatient, "/avatar/" + OriginServer.md5Hex(OriginServer.SLOW_EMAIL));

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("request timed out\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void withoutUpstreamOnlyUploadsAndFallbacksExist() throws Exception {
        try (AvatarService standalone = AvatarService.start(Config.defaults().withPort(0))) {
            assertThat(get(standalone, "/avatar/" + ALICE).statusCode()).isEqualTo(404);
            assertThat(get(standalone, "/avatar/" + ALICE + "?d=mp").statusCode()).isEqualTo(200);
            assertThat(post(standalone, "/avatar/" + ALICE, OriginServer.demoImage("/images/carol.webp")).statusCode())
                    .isEqualTo(201);
            assertThat(get(standalone, "/avatar/" + ALICE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void fullQueueIs503WithRetryAfter() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        byte[] jpeg = OriginServer.demoImage("/images/alice.jpg");
        HttpServer gated = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gated.setExecutor(Executors.newCachedThreadPool());
        gated.createContext("/", exchange -> {
            try (exchange) {
                arrived.countDown();
                release.await(10, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, jpeg.length);
                exchange.getResponseBody().write(jpeg);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        gated.start();
        Config config = Config.defaults().withPort(0).withPool(1, 0)
                .withUpstream(URI.create("http://127.0.0.1:" + gated.getAddress().getPort()));
        try (AvatarService busy = AvatarService.start(config)) {
            CompletableFuture<HttpResponse<byte[]>> first = HTTP.sendAsync(
                    request(busy, "/avatar/" + ALICE).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

            HttpResponse<byte[]> rejected = get(busy, "/avatar/" + UNKNOWN + "?d=mp");
            HttpResponse<String> rejectedUpload = post(busy, "/avatar/" + UNKNOWN, jpeg);
            release.countDown();

            assertThat(rejected.statusCode()).isEqualTo(503);
            assertThat(rejected.headers().firstValue("Retry-After")).contains("1");
            assertThat(rejectedUpload.statusCode()).isEqualTo(503);
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
            gated.stop(0);
            ((java.util.concurrent.ExecutorService) gated.getExecutor()).shutdownNow();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static HttpRequest.Builder request(AvatarService target, String path) {
        return HttpRequest.newBuilder(target.baseUrl().resolve(path)).timeout(LONG);
    }

    private static HttpResponse<byte[]> get(AvatarService target, String path) throws Exception {
        return HTTP.send(request(target, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> post(AvatarService target, String path, byte[] body) throws Exception {
        return HTTP.send(request(target, path).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
