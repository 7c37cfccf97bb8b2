package io.pixtrace.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.fixtures.Greeter;
import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** Install and reset against this JVM's real {@link Instrumentation}. */
class TransformationsTest {
  @Test
  void wovenIntoAClassLoadedBeforeTheInstallAndRestoredByReset() {
    Instrumentation inst = ByteBuddyAgent.install();
    Greeter greeter = new Greeter();
    assertThat(greeter.greet("ada")).isEqualTo("hello ada");

    Transformations installed = Transformations.install(inst, List.of(new GreeterModule()), getClass().getClassLoader());
    try {
      assertThat(greeter.greet("ada")).isEqualTo("hello ada!");
      assertThat(greeter.wave()).isEqualTo("wave");
    } finally {
      installed.reset();
    }

    assertThat(greeter.greet("ada")).isEqualTo("hello ada");
  }

  /** One type instrumentation: {@link Greeter.ExclaimAdvice} on {@code Greeter.greet}. */
  public static final class GreeterModule implements InstrumentationModule {
    @Override
    public String name() {
      return "greeter";
    }

    @Override
    public Layer layer() {
      return Layer.PROCESSING;
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return List.of(new TypeInstrumentation() {
        @Override
        public ElementMatcher<? super TypeDescription> typeMatcher() {
          return named(Greeter.class.getName());
        }

        @Override
        public void transform(AdviceTarget target) {
          target.applyAdvice(named("greet"), Greeter.ExclaimAdvice.class);
        }
      });
    }
  }
}
