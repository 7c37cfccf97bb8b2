package io.pixtrace.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
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

  @Test
  void warmsUpByWeavingItsOwnTargetAndStillWeavesAfterwards() throws Exception {
    AdviceTransformer t = transformer(named(GREETER), ExclaimAdvice.class.getName());

    t.warmUp();

    Object greeter = load(t.transform(null, loader(), internal(GREETER), null, null, bytes(GREETER)));
    assertThat(greeter.getClass().getMethod("greet", String.class).invoke(greeter, "ada")).isEqualTo("hello ada!");
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
