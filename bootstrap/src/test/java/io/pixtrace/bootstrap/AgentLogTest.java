package io.pixtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentLogTest {
  /** The SDK wraps a builder's reason in "Unexpected configuration error": the reason is kept, each message once. */
  @Test
  void describeKeepsEachCauseThatSaysSomethingNew() {
    IllegalArgumentException reason = new IllegalArgumentException("ratio must be in range [0.0, 1.0]");
    RuntimeException wrapped = new RuntimeException("Unexpected configuration error", reason);
    assertThat(AgentLog.describe(wrapped)).isEqualTo("java.lang.RuntimeException: Unexpected configuration error;"
        + " caused by java.lang.IllegalArgumentException: ratio must be in range [0.0, 1.0]");
    RuntimeException sameMessage = new RuntimeException(reason); // message = the cause's toString()
    assertThat(AgentLog.describe(sameMessage)).isEqualTo("java.lang.RuntimeException: " + reason);
    assertThat(AgentLog.describe(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
  }
}
