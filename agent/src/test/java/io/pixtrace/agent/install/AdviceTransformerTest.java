package io.pixtrace.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import io.pixtrace.fixtures.Greeter;
import io.pixtrace.fixtures.Greeter.ExclaimAdvice;
import io.pixtrace.fixtures.Greeter.ThrowingAdvice;
import org.junit.jupiter.api.Test;

class AdviceTransformerTest {
  private static final String GREETER = Greeter.class.getName();

  @Test
  void weavesTheAdviceIntoTheMatchedMethodsOnly() throws Exception {
    AdviceTransformer t = transformer(named(GREETER), ExclaimAdvice.class.getName());

    Object greeter = load(t.transform(null, loader(), internal(GREETER), null, null, bytes(GREETER)));

    assertThat(greeter.getClass().getMethod("greet", String.class).invoke(greeter, "ada")).isEqualTo("hello ada!");
    assertThat(greeter.getClass().getMethod("wave").invoke(greeter)).isEqualTo("wave");
  }

  @Test
  void leavesOtherTypesAlone() throws Exception {
    AdviceTransformer t = transformer(named("com.example.Elsewhere"), ExclaimAdvice.class.getName());

    assertThat(t.transform(null, loader(), internal(GREETER), null, null, bytes(GREETER))).isNull();
  }

  @Test
  void neverLooksAtIgnoredTypesEvenWhenARuleWouldMatch() throws Exception {
    AdviceTransformer t = transformer(any(), ExclaimAdvice.class.getName());

    assertThat(t.transform(null, null, "java/lang/String", null, null, bytes("java.lang.String"))).isNull();
    assertThat(t.transform(null, loader(), "io/pixtrace/agent/AgentStarter", null, null, bytes("io.pixtrace.agent.AgentStarter")))
        .isNull();
  }

  @Test
  void aTypeThatCannotBeWovenLoadsUnchangedInsteadOfFailing() throws Exception {
    AdviceTransformer t = transformer(named(GREETER), "io.pixtrace.no.SuchAdvice");

    assertThat(t.transform(null, loader(), internal(GREETER), null, null, bytes(GREETER))).isNull();
  }

  @Test
  void anAdviceThatThrowsDoesNotReachTheHost() throws Exception {
    AdviceTransformer t = transformer(named(GREETER), ThrowingAdvice.class.getName());

    Object greeter = load(t.transform(null, loader(), internal(GREETER), null, null, bytes(GREETER)));

    assertThat(greeter.getClass().getMethod("greet", String.class).invoke(greeter, "ada")).isEqualTo("hello ada");
  }

  /**
   * What the warm-up is for (AdviceTransformer#warmUp): the first weave loads and initializes a
   * few hundred Byte Buddy classes; the warm-up does that before the transformer is registered,
   * so the first host class woven finds them loaded, and is woven as well. Each run has a class
   * loader of its own with a Byte Buddy of its own, which records the Byte Buddy classes each
   * step loads.
   */
  @Test
  void warmUpLoadsWhatTheFirstWeaveNeedsAndTheTransformerStillWeavesAfterwards() throws Exception {
    byte[][] woven = new byte[1][];
    try (Isolated cold = new Isolated(); Isolated warm = new Isolated()) {
      cold.call("create");
      List<String> coldWeave = cold.during(() -> cold.call("weave", (Object) bytes(GREETER)));
      assertThat(coldWeave).as("Byte Buddy classes a first weave loads without warm-up").hasSizeGreaterThan(100);

      warm.call("create");
      List<String> warmUp = warm.during(() -> warm.call("warmUp"));
      List<String> warmWeave = warm.during(() -> woven[0] = (byte[]) warm.call("weave", (Object) bytes(GREETER)));
      assertThat(warmWeave).as("loaded by the first weave after a warm-up that loaded %s classes", warmUp.size())
          .hasSizeLessThan(coldWeave.size() / 20);
    }
    Object greeter = load(woven[0]);
    assertThat(greeter.getClass().getMethod("greet", String.class).invoke(greeter, "ada")).isEqualTo("hello ada!");
  }

  /** Byte Buddy and this package's classes loaded afresh (child first), the rest from the test's loader. */
  private static final class Isolated extends URLClassLoader {
    private final List<String> byteBuddy = Collections.synchronizedList(new ArrayList<>());

    Isolated() {
      super(classPath(), AdviceTransformerTest.class.getClassLoader());
    }

    private static URL[] classPath() {
      return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(p -> {
        try {
          return Path.of(p).toUri().toURL();
        } catch (MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }).toArray(URL[]::new);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("net.bytebuddy.") && !name.startsWith("io.pixtrace.agent.install.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
          if (name.startsWith("net.bytebuddy.")) {
            byteBuddy.add(name);
          }
        }
        return c;
      }
    }

    /** Calls a static method of this loader's {@link WarmUpProbe}. */
    Object call(String method, Object... args) throws Exception {
      Class<?> probe = loadClass(WarmUpProbe.class.getName());
      Method m = Arrays.stream(probe.getMethods()).filter(x -> x.getName().equals(method)).findFirst().orElseThrow();
      return m.invoke(null, args);
    }

    /** The Byte Buddy classes this loader loaded while {@code step} ran. */
    List<String> during(Step step) throws Exception {
      int before = byteBuddy.size();
      step.run();
      return List.copyOf(byteBuddy.subList(before, byteBuddy.size()));
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  @Test
  void aClassFileWithoutTheRulesMarkerIsNeverDescribed() throws Exception {
    List<String> asked = new ArrayList<>();
    net.bytebuddy.matcher.ElementMatcher<net.bytebuddy.description.type.TypeDescription> recording = type -> {
      asked.add(type.getName());
      return type.getName().equals(GREETER);
    };
    AdviceTransformer absent = marked(recording, "no-such-text-in-greeter");
    assertThat(absent.transform(null, loader(), internal(GREETER), null, null, bytes(GREETER))).isNull();
    assertThat(asked).isEmpty();

    // "greet" is a method name of Greeter, so its class file has it.
    Object greeter = load(marked(recording, "greet").transform(null, loader(), internal(GREETER), null, null, bytes(GREETER)));
    assertThat(greeter.getClass().getMethod("greet", String.class).invoke(greeter, "ada")).isEqualTo("hello ada!");
    assertThat(asked).containsExactly(GREETER);
  }

  @Test
  void findsTextInBytes() {
    byte[] b = "xxvips_image".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(AdviceTransformer.contains(b, "vips_")).isTrue();
    assertThat(AdviceTransformer.contains(b, "xxvips_image")).isTrue();
    assertThat(AdviceTransformer.contains(b, "image_")).isFalse();
    assertThat(AdviceTransformer.contains(b, "xxvips_imagex")).isFalse();
  }

  @Test
  void aHierarchyMatcherSeesTheSameTypesOnEveryClassLoadOfALoader() throws Exception {
    // The second class load of the same loader takes the supertypes from the loader's cache.
    AdviceTransformer t = transformer(net.bytebuddy.matcher.ElementMatchers.hasSuperType(named(Object.class.getName()))
        .and(named(GREETER)), ExclaimAdvice.class.getName());
    for (int i = 0; i < 2; i++) {
      Object greeter = load(t.transform(null, loader(), internal(GREETER), null, null, bytes(GREETER)));
      assertThat(greeter.getClass().getMethod("greet", String.class).invoke(greeter, "ada")).isEqualTo("hello ada!");
    }
  }

  private static AdviceTransformer marked(net.bytebuddy.matcher.ElementMatcher<? super net.bytebuddy.description.type.TypeDescription> types,
      String marker) {
    AdviceTransformer.Rule rule = new AdviceTransformer.Rule(any(), types,
        List.of(new AdviceTransformer.Weave(named("greet"), ExclaimAdvice.class.getName())), List.of(), marker);
    return new AdviceTransformer(List.of(rule), null, loader(), Object.class.getModule());
  }

  @Test
  void matchesLoadedClassesByTheirClassFile() {
    assertThat(transformer(named(GREETER), ExclaimAdvice.class.getName()).matches(Greeter.class)).isTrue();
    assertThat(transformer(named(GREETER), ExclaimAdvice.class.getName()).matches(ExclaimAdvice.class)).isFalse();
  }

  private static AdviceTransformer transformer(net.bytebuddy.matcher.ElementMatcher<? super net.bytebuddy.description.type.TypeDescription> types,
      String advice) {
    AdviceTransformer.Rule rule = new AdviceTransformer.Rule(any(), types,
        List.of(new AdviceTransformer.Weave(named("greet"), advice)));
    return new AdviceTransformer(List.of(rule), null, loader(), Object.class.getModule());
  }

  private static ClassLoader loader() {
    return AdviceTransformerTest.class.getClassLoader();
  }

  private static String internal(String name) {
    return name.replace('.', '/');
  }

  private static byte[] bytes(String name) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(internal(name) + ".class")) {
      if (in == null) {
        throw new IOException("no class file for " + name);
      }
      return in.readAllBytes();
    }
  }

  /** Defines the woven Greeter in a loader of its own and makes one. */
  private static Object load(byte[] woven) throws Exception {
    assertThat(woven).isNotNull();
    Class<?> type = new ClassLoader(loader()) {
      Class<?> define() {
        return defineClass(GREETER, woven, 0, woven.length);
      }
    }.define();
    return type.getDeclaredConstructor().newInstance();
  }
}
