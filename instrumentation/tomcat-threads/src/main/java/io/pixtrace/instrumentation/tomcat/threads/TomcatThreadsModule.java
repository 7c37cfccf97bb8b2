package io.pixtrace.instrumentation.tomcat.threads;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Tomcat's request thread pool as saturation gauges: its connectors run requests on
 * {@code org.apache.tomcat.util.threads.ThreadPoolExecutor}, Tomcat's own copy of the JDK's
 * (not a subclass of it since Tomcat 9.0.51), read like the JDK's by {@code ExecutorPools}
 * (docs/telemetry.md, "Saturation"). Older Tomcats extend the JDK's class, which the
 * executors module covers.
 */
public final class TomcatThreadsModule implements InstrumentationModule {
  @Override
  public String name() {
    return "tomcat-threads";
  }

  @Override
  public Layer layer() {
    return Layer.QUEUE;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new TomcatThreadPoolInstrumentation());
  }
}
