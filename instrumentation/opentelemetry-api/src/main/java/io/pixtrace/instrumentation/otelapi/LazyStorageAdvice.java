package io.pixtrace.instrumentation.otelapi;

import io.pixtrace.bootstrap.ApiBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The host API's {@code LazyStorage.get()}: answers the agent's bridge storage instead of the host's own. */
public final class LazyStorageAdvice {
  private LazyStorageAdvice() {}

  /** Replaces the returned storage once the bridge exists. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Origin Class<?> lazyStorage,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object storage) {
    Object bridged = ApiBridge.contextStorage(lazyStorage, storage);
    if (bridged != null) {
      storage = bridged;
    }
  }
}
