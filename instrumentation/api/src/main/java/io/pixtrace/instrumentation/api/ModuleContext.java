package io.pixtrace.instrumentation.api;

import io.opentelemetry.api.OpenTelemetry;
import java.lang.invoke.MethodHandles;

/** What a module is given when the agent starts it ({@link InstrumentationModule#start}). */
public interface ModuleContext {
  /** The configured OpenTelemetry, e.g. for a module's gauges. */
  OpenTelemetry openTelemetry();

  /**
   * Registers an adapter that the module's advice finds in {@code io.pixtrace.bootstrap.Adapters}
   * under {@code name} (the module's {@code NAME} constant, or a name derived from it).
   */
  void registerAdapter(String name, Object adapter);

  /**
   * A lookup with private access to {@code type}, a library's internal class, for the module
   * whose class made {@code caller}: opens the type's package to the caller's module first
   * (only to it: the host sees no change), as the module must read a value no public API gives.
   *
   * @throws IllegalAccessException when the JVM refuses the access
   */
  MethodHandles.Lookup privateLookup(Class<?> type, MethodHandles.Lookup caller) throws IllegalAccessException;
}
