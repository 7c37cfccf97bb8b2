package io.pixtrace.instrumentation.api;

import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * One instrumented library, declared in one place: its name, the {@link Layer} it feeds, the
 * lowest Java it runs on, the class-loader precondition (is the library there at all), its
 * type instrumentations, and what it sets up when the agent starts (adapters, gauges).
 * Modeled on the OpenTelemetry Java instrumentation's module/type-instrumentation/advice split.
 *
 * <p>Modules are found as services ({@code META-INF/services/io.pixtrace.instrumentation.api.InstrumentationModule}
 * in the module's jar): adding a library is its folder, one {@code <module>} line and its
 * tests and docs. The module class itself is compiled for Java 17 so the agent can read
 * {@link #minimumJavaVersion()} on every host; the agent asks a module for anything else only
 * when the host meets that version, so a module's Java 22+ parts are never loaded on 17.
 */
public interface InstrumentationModule {
  /** Short name used in logs and as the key of its adapters, e.g. {@code jdk-httpserver}. */
  String name();

  /** The layer this module feeds; {@code IMGPROXY_OPEN_TELEMETRY_DISABLE} switches layers off. */
  Layer layer();

  /** The lowest Java feature version the module runs on. */
  default int minimumJavaVersion() {
    return 17;
  }

  /**
   * The class loaders that can hold the library, asked before any type of theirs is described
   * (see {@link ClassLoaderMatchers}); defaults to any. A type instrumentation's own
   * {@link TypeInstrumentation#classLoaderMatcher()} is asked after this one.
   */
  default ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ElementMatchers.any();
  }

  /** The types to transform and the advice for each. */
  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Called once after the transformations are installed, to register the module's adapters
   * and gauges. The advice is in place and does nothing until then. Must not throw.
   */
  default void start(ModuleContext context) {}
}
