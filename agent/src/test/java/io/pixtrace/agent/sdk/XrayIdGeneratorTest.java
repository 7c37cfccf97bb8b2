package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** X-Ray trace ids: 8 hex digits of epoch seconds, then 24 random hex digits. */
class XrayIdGeneratorTest {
  private final XrayIdGenerator ids = new XrayIdGenerator();

  @Test
  void traceIdStartsWithTheEpochSecond() {
    long before = System.currentTimeMillis() / 1000;
    String id = ids.generateTraceId();
    long after = System.currentTimeMillis() / 1000;
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(TraceId.isValid(id)).isTrue();
    assertThat(Long.parseLong(id.substring(0, 8), 16)).isBetween(before, after);
  }

  @Test
  void theOther96BitsAreRandom() {
    Set<String> randomParts = new HashSet<>();
    Set<String> spanIds = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      randomParts.add(ids.generateTraceId().substring(8));
      String span = ids.generateSpanId();
      assertThat(SpanId.isValid(span)).as(span).isTrue();
      spanIds.add(span);
    }
    assertThat(randomParts).hasSize(1000);
    assertThat(spanIds).hasSize(1000);
    // Every hex digit position of the random part takes more than one value.
    for (int pos = 0; pos < 24; pos++) {
      int p = pos;
      assertThat(randomParts.stream().map(s -> s.charAt(p)).distinct().count()).as("digit %s", pos).isGreaterThan(1);
    }
  }

  @Test
  void idsAreNotFlaggedAsRandom() {
    assertThat(ids.generatesRandomTraceIds()).isFalse();
  }
}
