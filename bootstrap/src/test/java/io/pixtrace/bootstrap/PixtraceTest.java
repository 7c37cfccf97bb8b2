package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Host code on the bootstrap class path can call these classes: it must not get the agent's control. */
class PixtraceTest {
  @Test
  void theControlIsHandedOutOnceSoAHostCannotTakeItAfterTheAgent() {
    assertThat(TestTelemetry.CONTROL).isNotNull();
    assertThatThrownBy(Pixtrace::control).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already holds");
  }
}
