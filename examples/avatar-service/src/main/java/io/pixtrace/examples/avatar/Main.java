package io.pixtrace.examples.avatar;

import io.pixtrace.examples.avatar.libvips.Vips;

import java.io.IOException;

/**
 * Command-line entry point: reads {@code AVATAR_*} environment variables (see the README),
 * starts {@link AvatarService} and prints {@code avatar-service listening on http://HOST:PORT}
 * as the only line on standard output. Exits with status 2 on invalid configuration and 1 if
 * the service cannot start.
 */
public final class Main {

    private Main() {
    }

    /** Starts the service; it runs until the JVM is stopped. Arguments are ignored. */
    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (Config.ConfigException e) {
            System.err.println("avatar-service: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        AvatarService service;
        try {
            service = AvatarService.start(config);
        } catch (IOException | RuntimeException | LinkageError e) {
            System.err.println("avatar-service: cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "avatar-shutdown"));
        System.err.println("avatar-service: libvips " + Vips.version() + ", workers=" + config.workers()
                + ", queue=" + config.queueSize() + ", upstream="
                + (config.upstreamUrl() == null ? "(none)" : config.upstreamUrl()));
        System.out.println("avatar-service listening on " + service.baseUrl());
        System.out.flush();
    }
}
