package io.pixtrace.examples.avatar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void emptyEnvironmentGivesDefaults() {
        Config config = Config.fromEnvironment(Map.of());

        assertThat(config).isEqualTo(Config.defaults());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.upstreamUrl()).isNull();
        assertThat(config.workers()).isEqualTo(2);
        assertThat(config.queueSize()).isEqualTo(16);
        assertThat(config.upstreamTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxUploadBytes()).isEqualTo(2_097_152);
    }

    @Test
    void readsEveryVariable() {
        Config config = Config.fromEnvironment(Map.of(
                "AVATAR_PORT", "0",
                "AVATAR_BIND", "localhost",
                "AVATAR_UPSTREAM_URL", "http://127.0.0.1:8081/avatars/",
                "AVATAR_WORKERS", "4",
                "AVATAR_QUEUE_SIZE", "0",
                "AVATAR_UPSTREAM_TIMEOUT_MS", "250",
                "AVATAR_REQUEST_TIMEOUT_MS", "1500",
                "AVATAR_MAX_UPLOAD_BYTES", "1024"));

        assertThat(config).isEqualTo(new Config(0, "localhost", URI.create("http://127.0.0.1:8081/avatars"),
                4, 0, Duration.ofMillis(250), Duration.ofMillis(1500), 1024));
    }

    @ParameterizedTest
    @CsvSource({
        "AVATAR_PORT, 70000",
        "AVATAR_PORT, http",
        "AVATAR_WORKERS, 0",
        "AVATAR_WORKERS, two",
        "AVATAR_QUEUE_SIZE, -1",
        "AVATAR_UPSTREAM_TIMEOUT_MS, 0",
        "AVATAR_REQUEST_TIMEOUT_MS, 1.5",
        "AVATAR_MAX_UPLOAD_BYTES, 0",
        "AVATAR_UPSTREAM_URL, ftp://example.com",
        "AVATAR_UPSTREAM_URL, not a url",
        "AVATAR_BIND, no-such-host.invalid",
    })
    void badValuesNameTheVariable(String variable, String value) {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageStartingWith(variable)
                .hasMessageContaining(value);
    }
}
