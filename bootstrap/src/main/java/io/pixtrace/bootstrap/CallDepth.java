package io.pixtrace.bootstrap;

/**
 * Per-thread nesting counter for one kind of instrumented call, so a library's internal
 * re-entry (an HTTP client's {@code send} calling its own {@code sendAsync}) yields one span,
 * not two. Increment on enter, decrement on exit, always in pairs.
 */
final class CallDepth {
  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

  /** Increments and returns the depth before the increment (0 = outermost call). */
  int enter() {
    return depth.get()[0]++;
  }

  /** Whether a call of this kind is under way on this thread. */
  boolean active() {
    return depth.get()[0] > 0;
  }

  /** Decrements the depth. */
  void exit() {
    int[] d = depth.get();
    if (d[0] > 0) {
      d[0]--;
    }
  }
}
