package io.pixtrace.instrumentation.methods;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** One configured host class: its methods, per stage, get that stage's advice. */
final class HostClassInstrumentation implements TypeInstrumentation {
  private static final Map<Layer, Class<?>> ADVICE = Map.of(
      Layer.DOWNLOAD, DownloadMethodAdvice.class,
      Layer.QUEUE, QueueMethodAdvice.class,
      Layer.PROCESSING, ProcessingMethodAdvice.class);

  private final String className;
  private final Map<Layer, List<String>> stages;
  private final ConfiguredMethodsModule module;

  HostClassInstrumentation(String className, Map<Layer, List<String>> stages, ConfiguredMethodsModule module) {
    this.className = className;
    this.stages = stages;
    this.module = module;
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return type -> {
      if (!type.getName().equals(className)) {
        return false;
      }
      Set<String> declared = new HashSet<>();
      for (MethodDescription m : type.getDeclaredMethods()) {
        declared.add(m.getName());
      }
      module.found(className, stages, declared);
      return true;
    };
  }

  @Override
  public void transform(AdviceTarget target) {
    stages.forEach((stage, methods) -> {
      ElementMatcher.Junction<MethodDescription> matcher = null;
      for (String m : methods) {
        ElementMatcher.Junction<MethodDescription> one = m.equals("*")
            ? isMethod().and(not(isAbstract())).and(not(isSynthetic())).and(not(isBridge()))
            : isMethod().and(named(m)).and(not(isAbstract()));
        matcher = matcher == null ? one : matcher.or(one);
      }
      target.applyAdvice(matcher, ADVICE.get(stage));
    });
  }
}
