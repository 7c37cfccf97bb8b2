package io.pixtrace.examples.avatar;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Service configuration, normally read from {@code AVATAR_*} environment variables.
 *
 * @param port            TCP port to listen on; 0 picks a free one
 * @param bindAddress     host name or IP address to bind
 * @param upstreamUrl     base URL of the origin that avatars are downloaded from
 *                        ({@code {upstreamUrl}/{hash}}), or {@code null} for no downloads
 * @param workers         number of image-processing threads
 * @param queueSize       capacity of the processing queue; 0 means no waiting room
 * @param upstreamTimeout time limit for one origin download (connect and response)
 * @param requestTimeout  time limit for the processing of one request, queueing included
 * @param maxUploadBytes  largest accepted upload body, in bytes
 */
public record Config(int port, String bindAddress, URI upstreamUrl, int workers, int queueSize,
                     Duration upstreamTimeout, Duration requestTimeout, int maxUploadBytes) {

    /** Environment variable names, in documentation order. */
    public static final String PORT = "AVATAR_PORT";
    /** See {@link #bindAddress()}. */
    public static final String BIND = "AVATAR_BIND";
    /** See {@link #upstreamUrl()}. */
    public static final String UPSTREAM_URL = "AVATAR_UPSTREAM_URL";
    /** See {@link #workers()}. */
    public static final String WORKERS = "AVATAR_WORKERS";
    /** See {@link #queueSize()}. */
    public static final String QUEUE_SIZE = "AVATAR_QUEUE_SIZE";
    /** See {@link #upstreamTimeout()}. */
    public static final String UPSTREAM_TIMEOUT_MS = "AVATAR_UPSTREAM_TIMEOUT_MS";
    /** See {@link #requestTimeout()}. */
    public static final String REQUEST_TIMEOUT_MS = "AVATAR_REQUEST_TIMEOUT_MS";
    /** See {@link #maxUploadBytes()}. */
    public static final String MAX_UPLOAD_BYTES = "AVATAR_MAX_UPLOAD_BYTES";

    /** Validates the values; see {@link #fromEnvironment(Map)} for the accepted ranges. */
    public Config {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address is empty");
        }
        if (workers < 1 || queueSize < 0 || maxUploadBytes < 1) {
            throw new IllegalArgumentException("workers, queue size or upload limit out of range");
        }
        if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()
                || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (upstreamUrl != null) {
            upstreamUrl = URI.create(stripTrailingSlash(upstreamUrl.toString()));
        }
    }

    /** The defaults: port 8080 on 127.0.0.1, no upstream, 2 workers, queue of 16, 3 s / 10 s, 2 MiB. */
    public static Config defaults() {
        return new Config(8080, "127.0.0.1", null, 2, 16,
                Duration.ofMillis(3_000), Duration.ofMillis(10_000), 2 * 1024 * 1024);
    }

    /** Returns a copy listening on {@code port}. */
    public Config withPort(int port) {
        return new Config(port, bindAddress, upstreamUrl, workers, queueSize, upstreamTimeout,
                requestTimeout, maxUploadBytes);
    }

    /** Returns a copy downloading from {@code upstreamUrl} ({@code null}: no downloads). */
    public Config withUpstream(URI upstreamUrl) {
        return new Config(port, bindAddress, upstreamUrl, workers, queueSize, upstreamTimeout,
                requestTimeout, maxUploadBytes);
    }

    /** Returns a copy with {@code workers} processing threads and a queue of {@code queueSize}. */
    public Config withPool(int workers, int queueSize) {
        return new Config(port, bindAddress, upstreamUrl, workers, queueSize, upstreamTimeout,
                requestTimeout, maxUploadBytes);
    }

    /** Returns a copy with the given upstream and request time limits. */
    public Config withTimeouts(Duration upstreamTimeout, Duration requestTimeout) {
        return new Config(port, bindAddress, upstreamUrl, workers, queueSize, upstreamTimeout,
                requestTimeout, maxUploadBytes);
    }

    /** Returns a copy accepting uploads of at most {@code maxUploadBytes} bytes. */
    public Config withMaxUploadBytes(int maxUploadBytes) {
        return new Config(port, bindAddress, upstreamUrl, workers, queueSize, upstreamTimeout,
                requestTimeout, maxUploadBytes);
    }

    /**
     * Reads the configuration from environment variables; unset or blank variables keep their
     * defaults.
     *
     * @param env the environment, usually {@link System#getenv()}
     * @throws ConfigException naming the variable whose value is invalid
     */
    public static Config fromEnvironment(Map<String, String> env) {
        Config d = defaults();
        int port = intVar(env, PORT, d.port(), 0, 65_535);
        String bind = value(env, BIND);
        if (bind != null) {
            try {
                java.net.InetAddress.getByName(bind);
            } catch (java.net.UnknownHostException e) {
                throw new ConfigException(BIND + " must be a local host name or IP address (got '"
                        + bind + "')");
            }
        }
        URI upstream = uriVar(env, UPSTREAM_URL);
        int workers = intVar(env, WORKERS, d.workers(), 1, 256);
        int queue = intVar(env, QUEUE_SIZE, d.queueSize(), 0, 100_000);
        int upstreamMs = intVar(env, UPSTREAM_TIMEOUT_MS, (int) d.upstreamTimeout().toMillis(), 1, 600_000);
        int requestMs = intVar(env, REQUEST_TIMEOUT_MS, (int) d.requestTimeout().toMillis(), 1, 600_000);
        int maxUpload = intVar(env, MAX_UPLOAD_BYTES, d.maxUploadBytes(), 1, 256 * 1024 * 1024);
        return new Config(port, bind == null ? d.bindAddress() : bind, upstream, workers, queue,
                Duration.ofMillis(upstreamMs), Duration.ofMillis(requestMs), maxUpload);
    }

    private static String value(Map<String, String> env, String name) {
        String raw = env.get(name);
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    private static int intVar(Map<String, String> env, String name, int fallback, int min, int max) {
        String raw = value(env, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(raw);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name + " must be an integer between " + min + " and " + max
                + " (got '" + raw + "')");
    }

    private static URI uriVar(Map<String, String> env, String name) {
        String raw = value(env, name);
        if (raw == null) {
            return null;
        }
        try {
            URI uri = new URI(stripTrailingSlash(raw));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        throw new ConfigException(name + " must be an http:// or https:// base URL without query"
                + " (got '" + raw + "')");
    }

    private static String stripTrailingSlash(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    /** An environment variable has an invalid value; the message names the variable. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception with a message naming the variable and the bad value. */
        public ConfigException(String message) {
            super(message);
        }
    }
}
