package io.pixtrace.agent.install;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The instrumentation modules the agent carries, by class name, so a module whose class
 * files need a newer Java than the host has is never loaded (the libvips module needs
 * Java 22 for FFM; on older hosts it is skipped with one log line).
 */
public final class InstrumentationModules {
  private record Row(String className, int minimum, Layer layer) {}

  private static final Row[] MODULES = {
    new Row("io.pixtrace.instrumentation.httpserver.JdkHttpServerModule", 17, Layer.SERVER),
    new Row("io.pixtrace.instrumentation.servlet.ServletModule", 17, Layer.SERVER),
    new Row("io.pixtrace.instrumentation.httpclient.JdkHttpClientModule", 17, Layer.DOWNLOAD),
    new Row("io.pixtrace.instrumentation.httpurlconnection.HttpUrlConnectionModule", 17, Layer.DOWNLOAD),
    new Row("io.pixtrace.instrumentation.apachehttpclient5.ApacheHttpClient5Module", 17, Layer.DOWNLOAD),
    new Row("io.pixtrace.instrumentation.okhttp4.OkHttp4Module", 17, Layer.DOWNLOAD),
    new Row("io.pixtrace.instrumentation.executors.ExecutorsModule", 17, Layer.QUEUE),
    new Row("io.pixtrace.instrumentation.libvips.LibvipsModule", 22, Layer.PROCESSING),
    new Row("io.pixtrace.instrumentation.imageio.ImageIoModule", 17, Layer.PROCESSING),
    new Row("io.pixtrace.instrumentation.annotations.AnnotationsModule", 17, Layer.PROCESSING),
    new Row("io.pixtrace.instrumentation.thumbnailator.ThumbnailatorModule", 17, Layer.PROCESSING),
    new Row("io.pixtrace.instrumentation.imgscalr.ImgscalrModule", 17, Layer.PROCESSING),
    new Row("io.pixtrace.instrumentation.vipsffm.VipsFfmModule", 22, Layer.PROCESSING),
    new Row("io.pixtrace.instrumentation.jul.JulModule", 17, Layer.LOGS),
    new Row("io.pixtrace.instrumentation.logback.LogbackModule", 17, Layer.LOGS),
    new Row("io.pixtrace.instrumentation.log4j2.Log4j2Module", 17, Layer.LOGS),
  };

  private InstrumentationModules() {}

  /**
   * Loads the modules this JVM can run and the configuration has not switched off.
   *
   * @param javaVersion the host's Java feature version
   * @param disabledLayers the layers switched off ({@code IMGPROXY_OPEN_TELEMETRY_DISABLE}, and logs unless enabled)
   */
  public static List<InstrumentationModule> load(int javaVersion, Set<Layer> disabledLayers) {
    List<InstrumentationModule> out = new ArrayList<>();
    for (Row m : MODULES) {
      String className = m.className();
      int minimum = m.minimum();
      // The executor instrumentation also carries the request context across threads:
      // DISABLE=queue removes its spans (see Telemetry#withoutQueueSpans), not the module.
      if (disabledLayers.contains(m.layer()) && m.layer() != Layer.QUEUE) {
        continue;
      }
      if (javaVersion < minimum) {
        AgentLog.info(shortName(className) + " needs Java " + minimum + "+ (FFM); this JVM is Java "
            + javaVersion + ", so it is skipped");
        continue;
      }
      try {
        out.add((InstrumentationModule) Class.forName(className).getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException | LinkageError e) {
        AgentLog.error("module:" + className, "could not load instrumentation " + className + "; it is off", e);
      }
    }
    return out;
  }

  private static String shortName(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return simple.endsWith("Module") ? simple.substring(0, simple.length() - 6) + " instrumentation" : simple;
  }
}
