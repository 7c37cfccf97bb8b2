package io.pixtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the table of variables ({@link Variables}): every variable the
 * agent reads is documented, every {@code IMGPROXY_*} variable the page documents (outside its
 * "Not yet" section) is read, and the page's variable tables list exactly the table's variables,
 * each in its section, with the same default.
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
    Set<String> names = new TreeSet<>();
    Variables.ALL.forEach(v -> names.add(v.name()));
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

  @Test
  void theVariableTablesListTheTableOfVariablesWithTheirDefaults() throws Exception {
    String page = documented();
    for (Variable.Docs docs : Variable.Docs.values()) {
      if (docs.heading() == null) {
        continue;
      }
      Map<String, String> rows = table(page, docs.heading());
      Map<String, String> expected = new LinkedHashMap<>();
      Variables.ALL.stream().filter(v -> v.docs() == docs).forEach(v -> expected.put(v.name(), v.documentedDefault()));
      Set<String> listed = new TreeSet<>(rows.keySet());
      listed.removeAll(READ_ELSEWHERE);
      assertThat(listed).as("variables in the table \"%s\" of docs/configuration.md", docs.heading())
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach((name, documentedDefault) -> {
        String cell = normalized(rows.get(name));
        String want = normalized(documentedDefault);
        assertThat(cell.equals(want) || cell.startsWith(want) && ";:, (".indexOf(cell.charAt(want.length())) >= 0)
            .as("docs/configuration.md gives %s the default \"%s\"; the table of variables says \"%s\"", name, cell, want)
            .isTrue();
      });
    }
  }

  /** The rows of the table under {@code ### heading}: each variable named in the first cell, to the last cell. */
  private static Map<String, String> table(String page, String heading) {
    int start = page.indexOf("\n### " + heading + "\n");
    assertThat(start).as("docs/configuration.md has a section ### %s", heading).isNotNegative();
    Matcher next = Pattern.compile("\n##").matcher(page);
    int end = next.find(start + 1) ? next.start() : page.length();
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : page.substring(start, end).split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String first = line.substring(2, line.indexOf(" | "));
      String last = line.substring(line.lastIndexOf(" | ") + 3, line.length() - 2);
      Matcher name = Pattern.compile("`(\\.\\.\\._)?([A-Z][A-Z0-9_]*)`").matcher(first);
      while (name.find()) {
        rows.put(name.group(1) == null ? name.group(2) : Variables.PREFIX + name.group(2), last);
      }
    }
    return rows;
  }

  /** Markdown links as their text, no backticks, no blanks after commas. */
  private static String normalized(String cell) {
    return cell.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "").replaceAll(",\\s+", ",").trim();
  }
}
