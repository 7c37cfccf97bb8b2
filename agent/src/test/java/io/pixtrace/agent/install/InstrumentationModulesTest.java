package io.pixtrace.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The modules as the agent finds them (services of its class loader; here the test class
 * path holds every module's jar): what each declares, what a Java 17 host would load, and the
 * advice they name.
 */
class InstrumentationModulesTest {
  private static final ClassLoader LOADER = InstrumentationModulesTest.class.getClassLoader();

  @Test
  void findsEveryModuleWithoutATable() {
    List<InstrumentationModule> modules = InstrumentationModules.load(LOADER, 25, Set.of());
    assertThat(modules).extracting(InstrumentationModule::name).containsExactlyInAnyOrder(
        "jdk-httpserver", "servlet", "jdk-httpclient", "http-url-connection", "apache-httpclient-5", "okhttp-4",
        "executors", "tomcat-threads", "jetty-threads", "libvips", "imageio", "annotations", "thumbnailator", "imgscalr", "vips-ffm", "jul", "logback",
        "log4j2", "logback-mdc", "log4j2-context-data", "opentelemetry-api", "spring-webflux", "spring-webclient");
    assertThat(modules).extracting(InstrumentationModule::layer).doesNotContainNull();
  }

  @Test
  void everyModuleClassRunsOnJava17SoItsMinimumJavaCanBeReadThere() throws IOException {
    for (InstrumentationModule m : InstrumentationModules.load(LOADER, 25, Set.of())) {
      assertThat(classFileMajor(m.getClass())).as(m.name()).isLessThanOrEqualTo(61);
    }
  }

  @Test
  void aJava17HostSkipsTheFfmModulesAndLoadsNothingOfThemButTheModuleClass() throws IOException {
    List<InstrumentationModule> on17 = InstrumentationModules.load(LOADER, 17, Set.of());
    assertThat(on17).extracting(InstrumentationModule::name).doesNotContain("libvips", "vips-ffm").contains("executors");
    for (InstrumentationModule m : on17) {
      assertThat(m.minimumJavaVersion()).isEqualTo(17);
      for (TypeInstrumentation ti : m.typeInstrumentations()) {
        assertThat(classFileMajor(ti.getClass())).as(ti.getClass().getName()).isLessThanOrEqualTo(61);
        for (Class<?> advice : advice(ti)) {
          assertThat(classFileMajor(advice)).as(advice.getName()).isLessThanOrEqualTo(61);
        }
      }
    }
    List<InstrumentationModule> on25 = InstrumentationModules.load(LOADER, 25, Set.of());
    assertThat(on25.stream().filter(m -> m.minimumJavaVersion() == 22).map(InstrumentationModule::name))
        .containsExactlyInAnyOrder("libvips", "vips-ffm");
  }

  @Test
  void aDisabledLayerDropsItsModulesButQueueKeepsTheContextPropagation() {
    List<InstrumentationModule> modules = InstrumentationModules.load(LOADER, 25, EnumSet.of(Layer.DOWNLOAD, Layer.QUEUE));
    assertThat(modules).extracting(InstrumentationModule::layer).doesNotContain(Layer.DOWNLOAD);
    assertThat(modules).extracting(InstrumentationModule::name).contains("executors", "jdk-httpserver");
  }

  @Test
  void everyAdviceClassIsAdviceByteBuddyAcceptsAndNeverThrowsIntoTheHost() {
    // Read from class files, as the transformer reads them: the advice names library types
    // that are not on this class path.
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(LOADER);
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    int seen = 0;
    for (InstrumentationModule m : InstrumentationModules.load(LOADER, 25, Set.of())) {
      for (TypeInstrumentation ti : m.typeInstrumentations()) {
        List<Class<?>> advice = advice(ti);
        assertThat(advice).as(ti.getClass().getName()).isNotEmpty();
        for (Class<?> a : advice) {
          TypeDescription type = pool.describe(a.getName()).resolve();
          assertThat(Advice.to(type, locator)).as(a.getName()).isNotNull();
          int adviceMethods = 0;
          for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            AnnotationDescription enter = method.getDeclaredAnnotations().ofType(Advice.OnMethodEnter.class);
            AnnotationDescription exit = method.getDeclaredAnnotations().ofType(Advice.OnMethodExit.class);
            if (enter == null && exit == null) {
              continue;
            }
            adviceMethods++;
            String where = a.getName() + "#" + method.getName();
            assertThat(method.isStatic()).as(where).isTrue();
            TypeDescription suppress = enter != null
                ? enter.getValue("suppress").resolve(TypeDescription.class)
                : exit.getValue("suppress").resolve(TypeDescription.class);
            assertThat(suppress.getName()).as("never throws into the host: " + where).isEqualTo(Throwable.class.getName());
          }
          assertThat(adviceMethods).as(a.getName()).isPositive();
          seen++;
        }
      }
    }
    assertThat(seen).isGreaterThan(30);
  }

  @Test
  void jdkTypesAreIgnoredByNameUnlessAModuleDeclaresThem() {
    List<String> prefixes = new ArrayList<>();
    for (InstrumentationModule m : InstrumentationModules.load(LOADER, 25, Set.of())) {
      for (TypeInstrumentation ti : m.typeInstrumentations()) {
        prefixes.addAll(ti.jdkTypePrefixes());
      }
    }
    IgnoredTypes ignored = new IgnoredTypes(prefixes);
    assertThat(ignored.isIgnored("java.lang.String")).isTrue();
    assertThat(ignored.isIgnored("java.util.concurrent.ConcurrentHashMap")).isTrue();
    assertThat(ignored.isIgnored("sun.nio.ch.SocketChannelImpl")).isTrue();
    assertThat(ignored.isIgnored("io.pixtrace.shaded.okhttp3.OkHttpClient")).isTrue();
    assertThat(ignored.isIgnored("com.example.App$$Lambda/0x0000000800c01234")).isTrue();
    assertThat(ignored.isIgnored("java.util.concurrent.ThreadPoolExecutor")).isFalse();
    assertThat(ignored.isIgnored("java.util.concurrent.ForkJoinPool")).isFalse();
    assertThat(ignored.isIgnored("java.lang.VirtualThread")).isFalse();
    assertThat(ignored.isIgnored(java.util.logging.Level.class.getPackageName() + ".Logger")).isFalse();
    assertThat(ignored.isIgnored("jdk.internal.net.http.HttpClientImpl")).isFalse();
    assertThat(ignored.isIgnored("com.sun.net.httpserver.Filter$Chain")).isFalse();
    assertThat(ignored.isIgnored("sun.net.www.protocol.http.HttpURLConnection")).isFalse();
    assertThat(ignored.isIgnored("javax.imageio.ImageIO")).isFalse();
    assertThat(ignored.isIgnored("com.sun.imageio.plugins.png.PNGImageReader")).isFalse();
    assertThat(ignored.isIgnored("javax.servlet.http.HttpServlet")).isFalse();
    assertThat(ignored.isIgnored("io.pixtrace.examples.avatar.Main")).isFalse();
    assertThat(new IgnoredTypes(List.of()).isIgnored("java.util.concurrent.ThreadPoolExecutor")).isTrue();
  }

  /** The advice classes a type instrumentation weaves. */
  private static List<Class<?>> advice(TypeInstrumentation ti) {
    List<Class<?>> out = new ArrayList<>();
    ti.transform((methods, advice) -> out.add(advice));
    return out.stream().distinct().collect(Collectors.toList());
  }

  private static int classFileMajor(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      DataInputStream data = new DataInputStream(in);
      data.readInt();
      data.readUnsignedShort();
      return data.readUnsignedShort();
    }
  }
}
