package io.pixtrace.instrumentation.log4j2.contextdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.apache.logging.log4j.core.impl.ThreadContextDataInjector;
import org.junit.jupiter.api.Test;

/** The matchers against the Log4j 2 the module is compiled with: every built-in injector, nothing else. */
class Log4j2ContextDataModuleTest {
  @Test
  void matchesInjectContextDataOfTheBuiltInInjectors() {
    Log4j2ContextDataModule module = new Log4j2ContextDataModule();
    assertThat(module.layer()).isEqualTo(Layer.LOG_CORRELATION);
    TypeInstrumentation ti = module.typeInstrumentations().get(0);
    List<ElementMatcher<? super MethodDescription>> methods = new ArrayList<>();
    ti.transform((m, advice) -> {
      assertThat(advice).isEqualTo(InjectContextDataAdvice.class);
      methods.add(m);
    });
    for (Class<?> injector : List.of(ThreadContextDataInjector.ForDefaultThreadContextMap.class,
        ThreadContextDataInjector.ForGarbageFreeThreadContextMap.class,
        ThreadContextDataInjector.ForCopyOnWriteThreadContextMap.class)) {
      TypeDescription type = TypeDescription.ForLoadedType.of(injector);
      assertThat(ti.typeMatcher().matches(type)).as(injector.getName()).isTrue();
      assertThat(type.getDeclaredMethods().filter(methods.get(0)))
          .extracting(MethodDescription::getName)
          .containsExactly("injectContextData");
    }
    assertThat(ti.typeMatcher().matches(TypeDescription.ForLoadedType.of(ThreadContextDataInjector.class))).isFalse();
  }
}
