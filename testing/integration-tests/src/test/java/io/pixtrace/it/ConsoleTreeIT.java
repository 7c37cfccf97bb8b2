package io.pixtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code IMGPROXY_OPEN_TELEMETRY_PROTOCOL=console}: each finished request prints as an
 * indented tree on standard error, for a person, with no collector.
 */
class ConsoleTreeIT {
  @Test
  void eachTracePrintsAsATree() throws Exception {
    try (TestOrigin origin = new TestOrigin();
        AvatarHost host = AvatarHost.start(true, origin.url(), Map.of("IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "console"))) {
      assertThat(host.get("/avatar/" + TestOrigin.CAROL + "?s=100&f=jpg").statusCode()).isEqualTo(200);
      host.process.awaitStderr("└── vips image_write_to_buffer", Duration.ofSeconds(30));
      List<String> err = host.process.stderr();
      int start = err.indexOf(err.stream().filter(l -> l.startsWith("[pixtrace] trace ")).findFirst().orElseThrow());
      List<String> tree = err.subList(start, start + 7);
      assertThat(tree.get(0)).matches("\\[pixtrace] trace [0-9a-f]{32}  service=avatar-service");
      assertThat(tree.get(1)).matches("GET /avatar/ \\(SERVER\\) [0-9.]+ ms .*http.response.status_code=200.*");
      assertThat(tree.get(2)).matches("├── queue [0-9.]+ ms @\\+[0-9.]+ ms .*");
      assertThat(tree.get(3)).matches("├── GET \\(CLIENT\\) [0-9.]+ ms @\\+[0-9.]+ ms .*url.full=.*");
      assertThat(tree.get(4)).matches("└── processing_image [0-9.]+ ms @\\+[0-9.]+ ms .*image.output.format=jpeg.*");
      assertThat(tree.get(5)).matches("    ├── vips thumbnail_image [0-9.]+ ms @\\+[0-9.]+ ms .*vips.pixels=10000.*");
      assertThat(tree.get(6)).matches("    └── vips image_write_to_buffer [0-9.]+ ms @\\+[0-9.]+ ms .*");
    }
  }
}
