package io.pixtrace.instrumentation.logback.mdc;

import io.pixtrace.bootstrap.LogCorrelation;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Returns the event's MDC with the current span's ids added ({@link LogCorrelation#withIds}),
 * and keeps that copy as the event's MDC, so later readers on other threads (an async
 * appender's worker) see the same ids. The thread's MDC is not touched; an MDC that already
 * holds {@code trace_id} is returned as it is.
 */
public final class GetMdcPropertyMapAdvice {
  private GetMdcPropertyMapAdvice() {}

  /** Swaps the returned map, and the event's field, for the copy with ids. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) Map<String, String> mdc,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> field) {
    Map<String, String> withIds = LogCorrelation.withIds(mdc);
    if (withIds != mdc) {
      field = withIds;
      mdc = withIds;
    }
  }
}
