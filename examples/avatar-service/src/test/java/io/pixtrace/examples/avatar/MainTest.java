package io.pixtrace.examples.avatar;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link Main} as a separate JVM, the way the demo and the agent tests do. */
class MainTest {

    private static final Pattern LISTENING = Pattern.compile("avatar-service listening on (http://127\\.0\\.0\\.1:(\\d+))");

    @Test
    void printsTheListeningLineAndServes() throws Exception {
        Process process = launch(Map.of("AVATAR_PORT", "0", "AVATAR_WORKERS", "1"));
        try (var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(20, TimeUnit.SECONDS);
            Matcher matcher = LISTENING.matcher(line);
            assertThat(matcher.matches()).as(line).isTrue();
            assertThat(Integer.parseInt(matcher.group(2))).isPositive();

            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(URI.create(matcher.group(1) + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.body()).isEqualTo("ok\n");
            }
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void badConfigurationExitsWith2AndNamesTheVariable() throws Exception {
        Process process = launch(Map.of("AVATAR_QUEUE_SIZE", "lots"));

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr).contains("AVATAR_QUEUE_SIZE").contains("lots");
        assertThat(process.getInputStream().readAllBytes()).isEmpty();
    }

    private static Process launch(Map<String, String> env) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", classes.toString(), Main.class.getName()));
        builder.environment().keySet().removeIf(name -> name.startsWith("AVATAR_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
