package io.pixtrace.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.bootstrap.Pixtrace;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the modules' type instrumentations with one Byte Buddy {@link AgentBuilder}:
 * advice only (no class format changes, so classes loaded before the agent are
 * retransformed too), name-based ignores first so most of the host's classes are never
 * described, and read edges from instrumented modules (e.g. {@code java.base}) to the
 * bootstrap part of the agent that the advice calls.
 */
public final class Transformations {
  /** Byte Buddy's switch for its Nexus, under the relocated package name the shaded copy reads. */
  private static final String NEXUS_DISABLED = net.bytebuddy.dynamic.Nexus.class.getPackageName().replace(".dynamic", "") + ".nexus.disabled";

  /**
   * {@code java.util.logging.Logger}, the one {@code java.util.logging} class instrumented (host
   * log capture). Named at run time: the build relocates that class name, string constants
   * included, to the agent's {@code PatchLogger}.
   */
  private static final String JUL_LOGGER = java.util.logging.Level.class.getPackageName() + ".Logger";

  private Transformations() {}

  /**
   * Installs the transformations (and retransforms matching classes already loaded).
   *
   * @return the installed transformer, to {@link ResettableClassFileTransformer#reset} it if
   *     the agent cannot start after all
   */
  public static ResettableClassFileTransformer install(Instrumentation inst, List<InstrumentationModule> modules, ClassLoader agentLoader) {
    // Advice needs no Nexus (no loaded type initializers); without this Byte Buddy probes for
    // class injection through sun.misc.Unsafe, which JDK 24+ reports on the host's stderr.
    System.setProperty(NEXUS_DISABLED, "true");
    AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // Retransforming a loaded class can load others (VirtualThread loads ForkJoinPool) under
        // Byte Buddy's circularity lock, untransformed: look again until nothing new turns up.
        .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.PoolStrategy.Default.FAST)
        .with(new Listener())
        .ignore(ignored())
        .assureReadEdgeTo(inst, Pixtrace.class);
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation ti : module.typeInstrumentations()) {
        AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .withExceptionHandler(net.bytebuddy.asm.Advice.ExceptionHandler.Default.SUPPRESSING);
        Collector collector = new Collector(advice);
        ti.transform(collector);
        builder = builder.type(ti.typeMatcher(), ti.classLoaderMatcher()).transform(collector.advice);
      }
    }
    return builder.installOn(inst);
  }

  /**
   * Types never instrumented: the agent's own and its libraries', lambdas and hidden
   * classes, and JDK packages other than the few whose classes are instrumented.
   */
  static ElementMatcher.Junction<TypeDescription> ignored() {
    return nameStartsWith("io.pixtrace.agent.")
        .or(nameStartsWith("io.pixtrace.bootstrap."))
        .or(nameStartsWith("io.pixtrace.shaded."))
        .or(nameStartsWith("io.pixtrace.instrumentation."))
        .or(nameStartsWith("net.bytebuddy."))
        .or(nameStartsWith("java.").and(not(nameStartsWith("java.util.concurrent.").or(named(JUL_LOGGER))
            .or(named("java.lang.VirtualThread")))))
        .or(nameStartsWith("javax.").and(not(named("javax.imageio.ImageIO").or(nameStartsWith("javax.servlet.")))))
        .or(nameStartsWith("jdk.").and(not(nameStartsWith("jdk.internal.net.http."))))
        .or(nameStartsWith("sun.").and(not(named("sun.net.www.protocol.http.HttpURLConnection")
            .or(named("sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection")))))
        .or(nameStartsWith("com.sun.").and(not(nameStartsWith("com.sun.net.httpserver.")
            .or(nameStartsWith("com.sun.imageio.plugins.")))))
        .or(nameStartsWith("kotlin."))
        .or(nameContains("$$Lambda"))
        .or(nameContains("/"))
        .or(isSynthetic());
  }

  /** Collects one type instrumentation's advice into a Byte Buddy transformer. */
  private static final class Collector implements io.pixtrace.instrumentation.api.AdviceTarget {
    AgentBuilder.Transformer.ForAdvice advice;

    Collector(AgentBuilder.Transformer.ForAdvice advice) {
      this.advice = advice;
    }

    @Override
    public void applyAdvice(
        ElementMatcher<? super net.bytebuddy.description.method.MethodDescription> methods, String adviceClassName) {
      advice = advice.advice(methods, adviceClassName);
    }
  }

  /** Reports transformation errors once per type (rate-limited), successes in debug mode. */
  private static final class Listener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      AgentLog.debug("instrumented " + type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      AgentLog.error("transform:" + typeName, "could not instrument " + typeName + "; it runs uninstrumented", error);
    }
  }
}
