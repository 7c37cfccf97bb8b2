package io.pixtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code: every variable the agent reads is documented, and
 * every {@code IMGPROXY_*} variable the page documents (outside its "Not yet" section) is read.
 */
class DocumentationTest {
  /** Read outside {@link Settings}: the agent's own debug switch. */
  private static final Set<String> READ_ELSEWHERE = Set.of("PIXTRACE_DEBUG");

  private static String documented() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "configuration.md"));
    int notYet = page.indexOf("\n## Not yet");
    return notYet < 0 ? page : page.substring(0, notYet);
  }

  private static Set<String> read() {
    Settings s = Settings.read(Map.of());
    OtelProperties.overrides(s, DefaultConfigProperties.createFromMap(Map.of()));
    Set<String> names = new TreeSet<>(s.variablesRead().keySet());
    names.addAll(READ_ELSEWHERE);
    return names;
  }

  @Test
  void everyVariableTheAgentReadsIsDocumented() throws Exception {
    String page = documented();
    Set<String> missing = new TreeSet<>();
    for (String name : read()) {
      if (!Pattern.compile("\\b" + name + "\\b").matcher(page).find()) {
        missing.add(name);
      }
    }
    assertThat(missing).as("read by the agent but not documented in docs/configuration.md").isEmpty();
  }

  @Test
  void everyDocumentedImgproxyVariableIsRead() throws Exception {
    Matcher m = Pattern.compile("\\bIMGPROXY_[A-Z0-9_]*[A-Z0-9]\\b").matcher(documented());
    Set<String> documented = new TreeSet<>();
    while (m.find()) {
      documented.add(m.group());
    }
    documented.removeAll(read());
    assertThat(documented).as("documented in docs/configuration.md but never read by the agent").isEmpty();
  }
}
