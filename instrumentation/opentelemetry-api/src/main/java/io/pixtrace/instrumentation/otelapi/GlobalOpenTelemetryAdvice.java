package io.pixtrace.instrumentation.otelapi;

import io.pixtrace.bootstrap.ApiBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The host API's {@code GlobalOpenTelemetry.get()} and {@code getOrNoop()}: while the host has
 * set no OpenTelemetry of its own, they answer the agent's (bridged) and set nothing, so a host
 * that calls {@code GlobalOpenTelemetry.set} later still can.
 */
public final class GlobalOpenTelemetryAdvice {
  private GlobalOpenTelemetryAdvice() {}

  /** The bridge when nothing is set (the original method is then skipped), else null. */
  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.Origin Class<?> global, @Advice.FieldValue("globalOpenTelemetry") Object set) {
    return set == null ? ApiBridge.openTelemetry(global) : null;
  }

  /** Answers the bridge when {@link #enter} made one. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter Object bridged,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    if (bridged != null) {
      returned = bridged;
    }
  }
}
