package io.pixtrace.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.List;

/**
 * Drives one {@link AdviceTransformer} from inside a class loader of its own, with a Byte Buddy
 * of its own (AdviceTransformerTest's isolated loader), so that the test can see which Byte
 * Buddy classes each step loads. Called by reflection.
 */
public final class WarmUpProbe {
  private static final String GREETER = "io.pixtrace.fixtures.Greeter";
  private static AdviceTransformer transformer;

  private WarmUpProbe() {}

  /** Makes the transformer: one rule, the exclaiming advice on {@code Greeter.greet}. */
  public static void create() {
    transformer = new AdviceTransformer(List.of(new AdviceTransformer.Rule(any(), named(GREETER),
        List.of(new AdviceTransformer.Weave(named("greet"), GREETER + "$ExclaimAdvice")))),
        null, WarmUpProbe.class.getClassLoader(), Object.class.getModule());
  }

  /** {@link AdviceTransformer#warmUp()}. */
  public static void warmUp() {
    transformer.warmUp();
  }

  /** Weaves the host class {@code Greeter} from its class file, as the JVM would ask. */
  public static byte[] weave(byte[] greeter) {
    return transformer.transform(null, WarmUpProbe.class.getClassLoader(), GREETER.replace('.', '/'), null, null, greeter);
  }
}
