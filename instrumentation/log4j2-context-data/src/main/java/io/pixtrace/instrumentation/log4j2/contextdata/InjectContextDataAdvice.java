package io.pixtrace.instrumentation.log4j2.contextdata;

import io.pixtrace.bootstrap.LogCorrelation;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Returns a copy of the injected context data with the current span's ids
 * ({@link LogCorrelation#current}) added: the map Log4j 2 returned may be the thread context's
 * own frozen snapshot, so it is never changed. Context data that already holds
 * {@code trace_id} is returned as it is.
 */
public final class InjectContextDataAdvice {
  private InjectContextDataAdvice() {}

  /** Swaps the returned context data for the copy with ids. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) StringMap data) {
    if (data == null || data.containsKey(LogCorrelation.TRACE_ID)) {
      return;
    }
    String[] ids = LogCorrelation.current();
    if (ids != null) {
      StringMap withIds = new SortedArrayStringMap(data);
      withIds.putValue(LogCorrelation.TRACE_ID, ids[0]);
      withIds.putValue(LogCorrelation.SPAN_ID, ids[1]);
      withIds.putValue(LogCorrelation.TRACE_FLAGS, ids[2]);
      data = withIds;
    }
  }
}
