package io.pixtrace.instrumentation.executors;

import io.pixtrace.bootstrap.QueueStage;
import java.util.concurrent.Semaphore;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** One permit: a queue span for the time blocked, when the permit was not available. */
public final class SemaphoreAcquireAdvice {
  private SemaphoreAcquireAdvice() {}

  /** Starts timing only when the call will block during a request. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Semaphore semaphore) {
    return QueueStage.acquireStart(semaphore, 1);
  }

  /** Records the wait ({@code false} from a timed tryAcquire: no permit in time). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object handle,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable thrown) {
    QueueStage.acquireEnd(handle, result, thrown);
  }
}
