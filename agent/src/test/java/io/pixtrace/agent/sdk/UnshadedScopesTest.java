package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnshadedScopesTest {
  @Test
  void relocatedScopeNamesGetTheirOwnNameBack() {
    assertThat(UnshadedScopes.unshade("io.pixtrace.shaded.io.opentelemetry.runtime-telemetry"))
        .isEqualTo("io.opentelemetry.runtime-telemetry");
    assertThat(UnshadedScopes.unshade("io.pixtrace")).isEqualTo("io.pixtrace");
  }
}
