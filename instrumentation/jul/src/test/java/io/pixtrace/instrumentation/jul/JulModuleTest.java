package io.pixtrace.instrumentation.jul;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** The matchers against this JDK's {@code java.util.logging.Logger}. */
class JulModuleTest {
  @Test
  void matchesLoggerLogRecordOnly() {
    JulModule module = new JulModule();
    assertThat(module.layer()).isEqualTo(Layer.LOGS);
    TypeInstrumentation ti = module.typeInstrumentations().get(0);
    TypeDescription logger = TypeDescription.ForLoadedType.of(Logger.class);
    assertThat(ti.typeMatcher().matches(logger)).isTrue();
    assertThat(ti.typeMatcher().matches(TypeDescription.ForLoadedType.of(java.util.logging.LogRecord.class))).isFalse();

    List<ElementMatcher<? super MethodDescription>> methods = new ArrayList<>();
    ti.transform((m, advice) -> {
      assertThat(advice).isEqualTo(LogAdvice.class);
      methods.add(m);
    });
    assertThat(logger.getDeclaredMethods().filter(methods.get(0)))
        .extracting(MethodDescription::toGenericString)
        .containsExactly("public void java.util.logging.Logger.log(java.util.logging.LogRecord)");
  }
}
