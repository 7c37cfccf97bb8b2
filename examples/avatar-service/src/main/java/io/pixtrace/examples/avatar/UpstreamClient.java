package io.pixtrace.examples.avatar;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Downloads original avatars from the origin at {@code {baseUrl}/{hash}} with one shared
 * {@link HttpClient}, using the blocking {@link HttpClient#send} call.
 */
public final class UpstreamClient implements AutoCloseable {

    private final URI baseUrl;
    private final Duration timeout;
    private final int maxBytes;
    private final HttpClient client;

    /**
     * Creates a client for the origin at {@code baseUrl}.
     *
     * @param timeout  time limit for connecting and for receiving the response headers
     * @param maxBytes largest accepted image, in bytes
     */
    public UpstreamClient(URI baseUrl, Duration timeout, int maxBytes) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Downloads the original image for {@code hash}.
     *
     * @return the image bytes, or empty if the origin has no avatar for the hash (404 or 410)
     * @throws HttpStatusException 504 if the origin does not answer in time, 502 for any other
     *     origin failure (5xx, unexpected status, refused connection, oversized body)
     * @throws InterruptedException if the request times out on our side and the task is cancelled
     */
    public Optional<byte[]> fetch(String hash) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + hash))
                .timeout(timeout)
                .header("Accept", "image/*")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new HttpStatusException(504, "upstream timed out", e);
        } catch (IOException e) {
            throw new HttpStatusException(502, "upstream unreachable: " + e.getClass().getSimpleName(), e);
        }
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            return Optional.empty();
        }
        if (status != 200) {
            throw new HttpStatusException(502, "upstream answered " + status);
        }
        if (response.body().length > maxBytes) {
            throw new HttpStatusException(502, "upstream image larger than " + maxBytes + " bytes");
        }
        return Optional.of(response.body());
    }

    /** Stops the client's connections and threads without waiting for running downloads. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
