package io.pixtrace.agent.sdk;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Ray-compatible trace ids ({@code IMGPROXY_OPEN_TELEMETRY_TRACE_ID_GENERATOR=xray}).
 *
 * <p>AWS X-Ray writes a trace id as {@code 1-58406520-a006649127e371903a2de979}: version 1, "the
 * time of the original request in Unix epoch time in 8 hexadecimal digits", then "a 96-bit
 * identifier for the trace, globally unique, in 24 hexadecimal digits"
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-traceids).
 * The 128-bit OpenTelemetry trace id is those 8 + 24 digits (the X-Ray propagator and exporter
 * split it there): the first 4 bytes are the epoch second, the other 12 random.
 * Span ids are the SDK's random ones.
 *
 * <p>The contrib {@code AwsXrayIdGenerator} does the same but its artifact brings OkHttp 4 and
 * jackson-databind into the agent jar; this is the whole algorithm.
 */
final class XrayIdGenerator implements IdGenerator {
  private static final IdGenerator RANDOM = IdGenerator.random();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  @Override
  public String generateSpanId() {
    return RANDOM.generateSpanId();
  }

  @Override
  public String generateTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[32];
    hex(id, 0, System.currentTimeMillis() / 1000, 8);
    hex(id, 8, random.nextInt() & 0xffffffffL, 8);
    hex(id, 16, random.nextLong(), 16);
    return new String(id);
  }

  /** The ids are not fully random (W3C trace context level 2 "random" flag stays off). */
  @Override
  public boolean generatesRandomTraceIds() {
    return false;
  }

  /** Writes the low {@code digits * 4} bits of {@code value} as lower-case hex at {@code offset}. */
  private static void hex(char[] out, int offset, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[offset + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  @Override
  public String toString() {
    return "XrayIdGenerator";
  }
}
