package io.pixtrace.instrumentation.otelapi;

import io.pixtrace.bootstrap.ApiBridge;
import io.pixtrace.instrumentation.api.HelperClasses;

/**
 * Makes the bridge objects for each host API: the bridge classes (this module's
 * {@code helper} package, compiled against the host API's real names) are defined beside the
 * host's API ({@link HelperClasses}), keyed on the API's {@code Context} class, so the storage
 * and the {@code OpenTelemetry} of one API share their classes, and web applications with an
 * API of their own each get theirs. One of each per API.
 */
final class HostApiBridges implements ApiBridge.Factory {
  private final HelperClasses helpers = new HelperClasses(HostApiBridges.class);
  private final ClassValue<Object[]> made = new ClassValue<>() {
    @Override
    protected Object[] computeValue(Class<?> hostContext) {
      return new Object[] {helpers.newInstance(hostContext, "BridgeContextStorage"),
          helpers.newInstance(hostContext, "BridgeOpenTelemetry")};
    }
  };

  @Override
  public Object contextStorage(Class<?> anchor) {
    return made.get(hostContext(anchor))[0];
  }

  @Override
  public Object openTelemetry(Class<?> anchor) {
    return made.get(hostContext(anchor))[1];
  }

  private static Class<?> hostContext(Class<?> anchor) {
    try {
      return Class.forName(OpenTelemetryApiModule.hostName("context.Context"), false, anchor.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no OpenTelemetry context API beside " + anchor, e);
    }
  }
}
