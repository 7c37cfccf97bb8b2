package io.pixtrace.instrumentation.logback.mdc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.LoggingEventVO;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/** The matchers against the Logback the module is compiled with; the field the advice writes exists. */
class LogbackMdcModuleTest {
  @Test
  void matchesGetMdcPropertyMapOfLoggingEventOnly() throws Exception {
    LogbackMdcModule module = new LogbackMdcModule();
    assertThat(module.layer()).isEqualTo(Layer.LOG_CORRELATION);
    TypeInstrumentation ti = module.typeInstrumentations().get(0);
    TypeDescription event = TypeDescription.ForLoadedType.of(LoggingEvent.class);
    assertThat(ti.typeMatcher().matches(event)).isTrue();
    assertThat(ti.typeMatcher().matches(TypeDescription.ForLoadedType.of(LoggingEventVO.class))).isFalse();

    List<ElementMatcher<? super MethodDescription>> methods = new ArrayList<>();
    ti.transform((m, advice) -> {
      assertThat(advice).isEqualTo(GetMdcPropertyMapAdvice.class);
      methods.add(m);
    });
    assertThat(event.getDeclaredMethods().filter(methods.get(0)))
        .extracting(MethodDescription::getName)
        .containsExactly("getMDCPropertyMap");
    assertThat(LoggingEvent.class.getDeclaredField("mdcPropertyMap").getType()).isEqualTo(java.util.Map.class);
  }
}
