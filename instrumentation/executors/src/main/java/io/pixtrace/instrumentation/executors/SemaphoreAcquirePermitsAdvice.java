package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import java.util.concurrent.Semaphore;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Several permits: a queue span for the time blocked, when the permits were not available. */
public final class SemaphoreAcquirePermitsAdvice {
  private SemaphoreAcquirePermitsAdvice() {}

  /** Starts timing only when the call will block during a request. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Semaphore semaphore, @Advice.Argument(0) int permits) {
    return QueueStage.acquireStart(semaphore, permits);
  }

  /** Records the wait ({@code false} from a timed tryAcquire: no permits in time). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object handle,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable thrown) {
    QueueStage.acquireEnd(handle, result, thrown);
  }
}
