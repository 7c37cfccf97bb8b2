package io.pixtrace.instrumentation.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.junit.jupiter.api.Test;

/** The matchers against the Log4j 2 the module is compiled with. */
class Log4j2ModuleTest {
  @Test
  void matchesProcessLogEventOnly() {
    Log4j2Module module = new Log4j2Module();
    assertThat(module.layer()).isEqualTo(Layer.LOGS);
    TypeInstrumentation ti = module.typeInstrumentations().get(0);
    TypeDescription config = TypeDescription.ForLoadedType.of(LoggerConfig.class);
    assertThat(ti.typeMatcher().matches(config)).isTrue();
    assertThat(ti.typeMatcher().matches(TypeDescription.ForLoadedType.of(AsyncLoggerConfig.class))).isFalse();

    List<ElementMatcher<? super MethodDescription>> methods = new ArrayList<>();
    ti.transform((m, advice) -> {
      assertThat(advice).isEqualTo(ProcessLogEventAdvice.class);
      methods.add(m);
    });
    assertThat(config.getDeclaredMethods().filter(methods.get(0)))
        .extracting(MethodDescription::getName)
        .containsExactly("processLogEvent");
  }
}
