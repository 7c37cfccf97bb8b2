package io.pixtrace.agent.install;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.bootstrap.Pixtrace;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Installs the modules' type instrumentations as one {@link AdviceTransformer} and
 * retransforms the matching classes the JVM had loaded before the agent (the executors,
 * {@code Semaphore}, on JDK 21+ {@code VirtualThread}).
 */
public final class Transformations {
  /** Byte Buddy's switch for its Nexus, under the relocated package name the shaded copy reads. */
  private static final String NEXUS_DISABLED = net.bytebuddy.dynamic.Nexus.class.getPackageName().replace(".dynamic", "") + ".nexus.disabled";

  /** Rounds of retransformation at most: each can load classes that the next one weaves. */
  private static final int ROUNDS = 5;

  private final Instrumentation inst;
  private final AdviceTransformer transformer;

  private Transformations(Instrumentation inst, AdviceTransformer transformer) {
    this.inst = inst;
    this.transformer = transformer;
  }

  /**
   * Registers the transformer for the modules' type instrumentations and retransforms the
   * matching classes already loaded.
   *
   * @return the installed transformations, to {@link #reset} them if the agent cannot start
   *     after all
   */
  public static Transformations install(Instrumentation inst, List<InstrumentationModule> modules, ClassLoader agentLoader) {
    // Advice needs no Nexus (no loaded type initializers); without this Byte Buddy probes for
    // class injection through sun.misc.Unsafe, which JDK 24+ reports on the host's stderr.
    System.setProperty(NEXUS_DISABLED, "true");
    List<AdviceTransformer.Rule> rules = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      ElementMatcher<ClassLoader> moduleLoaders = module.classLoaderMatcher();
      for (TypeInstrumentation ti : module.typeInstrumentations()) {
        List<AdviceTransformer.Weave> weaves = new ArrayList<>();
        ti.transform((methods, advice) -> weaves.add(new AdviceTransformer.Weave(methods, advice.getName())));
        rules.add(new AdviceTransformer.Rule(both(moduleLoaders, ti.classLoaderMatcher()), ti.typeMatcher(), weaves,
            ti.jdkTypePrefixes(), ti.classFileMarker()));
      }
    }
    AdviceTransformer transformer = new AdviceTransformer(rules, inst, agentLoader, Pixtrace.class.getModule());
    transformer.warmUp();
    inst.addTransformer(transformer, true);
    Transformations installed = new Transformations(inst, transformer);
    installed.retransformLoaded();
    return installed;
  }

  /** The module's class-loader precondition, then the type instrumentation's. */
  private static ElementMatcher<ClassLoader> both(ElementMatcher<ClassLoader> module, ElementMatcher<ClassLoader> type) {
    if (module.equals(ElementMatchers.any())) {
      return type;
    }
    if (type.equals(ElementMatchers.any())) {
      return module;
    }
    return new ElementMatcher.Junction.Conjunction<>(module, type);
  }

  /** Removes the transformer and restores the classes it wove that are loaded. */
  public void reset() {
    if (inst.removeTransformer(transformer)) {
      retransformLoaded();
    }
  }

  /**
   * Retransforms the loaded classes the rules match. Weaving one class can load others on
   * this thread, which the transformer passes over; so the loaded classes are looked at again
   * until a round finds nothing new.
   */
  private void retransformLoaded() {
    Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int round = 0; round < ROUNDS; round++) {
      List<Class<?>> matching = new ArrayList<>();
      for (Class<?> type : inst.getAllLoadedClasses()) {
        if (seen.add(type) && !type.isArray() && !type.isPrimitive() && !type.isHidden()
            && inst.isModifiableClass(type) && transformer.matches(type)) {
          matching.add(type);
        }
      }
      if (matching.isEmpty()) {
        return;
      }
      retransform(matching);
    }
  }

  private void retransform(List<Class<?>> types) {
    try {
      inst.retransformClasses(types.toArray(new Class<?>[0]));
    } catch (Exception | LinkageError batch) {
      // One class the JVM refuses must not keep the others unwoven.
      for (Class<?> type : types) {
        try {
          inst.retransformClasses(type);
        } catch (Exception | LinkageError e) {
          AgentLog.error("transform:" + type.getName(), "could not instrument " + type.getName() + "; it runs uninstrumented", e);
        }
      }
    }
  }
}
