package io.pixtrace.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** The matchers against the Logback the module is compiled with. */
class LogbackModuleTest {
  @Test
  void matchesCallAppendersOnly() {
    LogbackModule module = new LogbackModule();
    assertThat(module.layer()).isEqualTo(Layer.LOGS);
    TypeInstrumentation ti = module.typeInstrumentations().get(0);
    TypeDescription logger = TypeDescription.ForLoadedType.of(Logger.class);
    assertThat(ti.typeMatcher().matches(logger)).isTrue();

    List<ElementMatcher<? super MethodDescription>> methods = new ArrayList<>();
    ti.transform((m, advice) -> {
      assertThat(advice).isEqualTo(CallAppendersAdvice.class);
      methods.add(m);
    });
    assertThat(logger.getDeclaredMethods().filter(methods.get(0)))
        .extracting(MethodDescription::toGenericString)
        .containsExactly("public void ch.qos.logback.classic.Logger.callAppenders(ch.qos.logback.classic.spi.ILoggingEvent)");
  }
}
