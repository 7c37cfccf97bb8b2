package io.pixtrace.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.pixtrace.bootstrap.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's one class file transformer. For every class the host defines or that is
 * retransformed it asks, cheapest first: is the name ignored ({@link IgnoredTypes}), does a
 * type instrumentation's class loader matcher accept the loader, does its type matcher accept
 * the type (described lazily from a type pool over the class file, so name matchers parse
 * nothing). The descriptions of the other types a matcher looks at (a hierarchy walk's
 * supertypes) are kept per class loader, softly, so each of their class files is read once
 * per loader rather than once per class load; the class being woven is always described from
 * its own bytes. A matching type gets the advice woven into its methods with Byte Buddy's
 * {@link Advice}, decorating the class as it is: no member added, no class format change, so
 * classes loaded before the agent can be retransformed too.
 *
 * <p>It replaces Byte Buddy's {@code AgentBuilder}, which generates a subclass of its own
 * transformer at start (its code targets Java 5 and has to reach Java 9's module-aware
 * {@code transform}), loading its whole code-generation stack even when nothing matches; this
 * class is that method, compiled for Java 17 (docs/benchmarks.md has the start-up figures).
 *
 * <p>Never throws into the class loading of the host: a type that cannot be woven is logged
 * once and loads unchanged. Classes loaded by the transformer's own work on the same thread are
 * passed over (they are picked up by {@link Transformations}' retransformation rounds).
 */
final class AdviceTransformer implements ClassFileTransformer {
  /**
   * Decoration only: no validation pass (the class came from a compiler), no implementation
   * context, and only the declared methods analysed (advice goes into declared methods; the
   * default compiler would describe the whole hierarchy of every woven class).
   */
  private static final ByteBuddy BYTE_BUDDY = new ByteBuddy()
      .with(TypeValidation.DISABLED)
      .with(Implementation.Context.Disabled.Factory.INSTANCE)
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

  /**
   * One type instrumentation: where it applies, what it weaves, the JDK type name prefixes it
   * may match (every other JDK type is passed over by name, see {@link IgnoredTypes}), and
   * the text a matching class file contains (null: none asked for).
   */
  record Rule(ElementMatcher<ClassLoader> loaders, ElementMatcher<? super TypeDescription> types, List<Weave> weaves,
      List<String> jdkTypePrefixes, String classFileMarker) {
    /** A rule for types outside the JDK. */
    Rule(ElementMatcher<ClassLoader> loaders, ElementMatcher<? super TypeDescription> types, List<Weave> weaves) {
      this(loaders, types, weaves, List.of(), null);
    }

    /** Whether the class file can be this rule's: it has the marker, or none is asked for (or known). */
    boolean mayMatch(byte[] classFile) {
      return classFileMarker == null || classFile == null || contains(classFile, classFileMarker);
    }
  }

  /** Whether {@code bytes} contain the ASCII text {@code text}. */
  static boolean contains(byte[] bytes, String text) {
    int n = text.length();
    byte first = (byte) text.charAt(0);
    for (int i = 0, last = bytes.length - n; i <= last; i++) {
      if (bytes[i] != first) {
        continue;
      }
      int j = 1;
      while (j < n && bytes[i + j] == (byte) text.charAt(j)) {
        j++;
      }
      if (j == n) {
        return true;
      }
    }
    return false;
  }

  /** Advice (by class name, read as bytes from the agent's loader) for the methods that match. */
  record Weave(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {}

  private final List<Rule> rules;
  private final IgnoredTypes ignored;
  private final Instrumentation inst;
  private final ClassFileLocator agentClasses;
  /** The bootstrap part of the agent, which the woven code calls: named modules must read it. */
  private final Module bootstrapPart;
  /** Set while this thread is inside {@link #transform}; nested class loads are not woven. */
  private final ThreadLocal<Boolean> busy = new ThreadLocal<>();
  /**
   * Type descriptions per class loader: weak keys, soft values, and pools that reach the
   * loader only weakly, so an undeployed application's loader can still be collected.
   */
  private final Map<ClassLoader, TypePool.CacheProvider> typeCaches = Collections.synchronizedMap(new WeakHashMap<>());
  private final TypePool.CacheProvider bootTypes = new TypePool.CacheProvider.Simple.UsingSoftReference();

  AdviceTransformer(List<Rule> rules, Instrumentation inst, ClassLoader agentLoader, Module bootstrapPart) {
    this.rules = List.copyOf(rules);
    List<String> jdkPrefixes = new ArrayList<>();
    for (Rule r : rules) {
      jdkPrefixes.addAll(r.jdkTypePrefixes());
    }
    this.ignored = new IgnoredTypes(jdkPrefixes);
    this.inst = inst;
    this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
    this.bootstrapPart = bootstrapPart;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classFile) {
    if (internalName == null || busy.get() != null) {
      return null;
    }
    String name = internalName.replace('/', '.');
    if (ignored.isIgnored(name)) {
      return null;
    }
    busy.set(Boolean.TRUE);
    try {
      return weave(module, loader, name, classFile);
    } catch (Throwable t) {
      AgentLog.error("transform:" + name, "could not instrument " + name + "; it runs uninstrumented", t);
      return null;
    } finally {
      busy.remove();
    }
  }

  /**
   * Whether a loaded class is one the rules instrument (for retransformation at start and
   * reset). Reads its class file through its loader; a class that cannot be read does not match.
   */
  boolean matches(Class<?> type) {
    String name = type.getName();
    if (ignored.isIgnored(name)) {
      return false;
    }
    ClassLoader loader = type.getClassLoader();
    try {
      TypePool pool = new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(
          typeCache(loader), loaderClassFiles(loader), TypePool.Default.ReaderMode.FAST));
      return !matching(candidates(loader, null), pool.describe(name).resolve()).isEmpty();
    } catch (RuntimeException | LinkageError e) {
      AgentLog.debug("could not describe " + name + " to match it: " + e);
      return false;
    }
  }

  /**
   * Weaves {@link WarmUpTarget} in memory, on this thread, before the transformer is
   * registered. The first weaving initializes a few hundred Byte Buddy classes; afterwards
   * host threads (and the SDK's build thread) only weave with initialized classes, instead of
   * two of them initializing the same classes at once. Byte Buddy's {@code AgentBuilder} has a
   * warm-up for the same reason. A failure is logged and the transformer is registered anyway:
   * each class it cannot weave is then reported on its own and loads unchanged.
   */
  void warmUp() {
    String name = WarmUpTarget.class.getName();
    try {
      ClassLoader loader = WarmUpTarget.class.getClassLoader();
      ClassFileLocator locator = locator(name, agentClasses.locate(name).resolve(), loader);
      TypePool pool = pool(locator);
      TypeDescription type = pool.describe(name).resolve();
      for (Rule r : rules) {
        try {
          r.types().matches(type);
        } catch (RuntimeException e) {
          // a matcher that cannot judge this type says nothing about the host's types
        }
      }
      Rule rule = new Rule(any(), any(), List.of(new Weave(named("run"), WarmUpTarget.WarmUpAdvice.class.getName())));
      apply(null, loader, name, locator, pool, type, List.of(rule));
    } catch (java.io.IOException | RuntimeException | LinkageError e) {
      AgentLog.error("transform:warm-up", "the warm-up weaving of " + name + " failed; instrumenting anyway", e);
    }
  }

  private byte[] weave(Module module, ClassLoader loader, String name, byte[] classFile) {
    List<Rule> candidates = candidates(loader, classFile);
    if (candidates.isEmpty()) {
      return null;
    }
    OwnBytesFirst locator = new OwnBytesFirst(name, classFile, loaderClassFiles(loader));
    try {
      TypePool pool = new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(
          new OwnDescriptionFirst(name, typeCache(loader)), locator, TypePool.Default.ReaderMode.FAST));
      TypeDescription type = pool.describe(name).resolve();
      List<Rule> matched = matching(candidates, type);
      if (matched.isEmpty() || type.isSynthetic()) {
        return null;
      }
      byte[] woven = apply(module, loader, name, locator, pool, type, matched);
      AgentLog.debug("instrumented " + name);
      return woven;
    } finally {
      locator.release();
    }
  }

  private TypePool.CacheProvider typeCache(ClassLoader loader) {
    return loader == null ? bootTypes
        : typeCaches.computeIfAbsent(loader, l -> new TypePool.CacheProvider.Simple.UsingSoftReference());
  }

  private static ClassFileLocator loaderClassFiles(ClassLoader loader) {
    return loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader);
  }

  /**
   * The class being woven from the bytes the JVM handed over, only while it is woven (the
   * loader's cached descriptions must not keep them); every other type from its loader.
   */
  private static final class OwnBytesFirst implements ClassFileLocator {
    private final String name;
    private final ClassFileLocator loader;
    private volatile byte[] classFile;

    OwnBytesFirst(String name, byte[] classFile, ClassFileLocator loader) {
      this.name = name;
      this.classFile = classFile;
      this.loader = loader;
    }

    @Override
    public Resolution locate(String typeName) throws java.io.IOException {
      byte[] own = classFile;
      return own != null && typeName.equals(name) ? new Resolution.Explicit(own) : loader.locate(typeName);
    }

    void release() {
      classFile = null;
    }

    @Override
    public void close() {
      // nothing is held open
    }
  }

  /** The loader's shared descriptions, except the class being woven: that one is never shared. */
  private static final class OwnDescriptionFirst implements TypePool.CacheProvider {
    private final String name;
    private final TypePool.CacheProvider shared;

    OwnDescriptionFirst(String name, TypePool.CacheProvider shared) {
      this.name = name;
      this.shared = shared;
    }

    @Override
    public TypePool.Resolution find(String typeName) {
      return typeName.equals(name) ? null : shared.find(typeName);
    }

    @Override
    public TypePool.Resolution register(String typeName, TypePool.Resolution resolution) {
      return typeName.equals(name) ? resolution : shared.register(typeName, resolution);
    }

    @Override
    public void clear() {
      // the shared part outlives this class load
    }
  }

  private byte[] apply(Module module, ClassLoader loader, String name, ClassFileLocator locator, TypePool pool,
      TypeDescription type, List<Rule> matched) {
    // As Byte Buddy's advice transformer does: the advice class is read from the agent's
    // loader, the types it names from the instrumented class's loader.
    ClassFileLocator adviceLocator = new ClassFileLocator.Compound(agentClasses, ClassFileLocator.ForClassLoader.of(loader));
    TypePool advicePool = pool(adviceLocator);
    AsmVisitorWrapper.ForDeclaredMethods weaving = new AsmVisitorWrapper.ForDeclaredMethods();
    for (Rule rule : matched) {
      for (Weave w : rule.weaves()) {
        weaving = weaving.invokable(w.methods(), Advice.to(advicePool.describe(w.adviceClassName()).resolve(), adviceLocator)
            .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING));
      }
    }
    byte[] woven = BYTE_BUDDY.decorate(type, locator).visit(weaving).make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
    if (module != null && module.isNamed() && !module.canRead(bootstrapPart)) {
      inst.redefineModule(module, Set.of(bootstrapPart), Map.of(), Map.of(), Set.of(), Map.of());
    }
    return woven;
  }

  /** The class being woven from its bytes, the types it names from its loader. */
  private static ClassFileLocator locator(String name, byte[] classFile, ClassLoader loader) {
    return new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile), ClassFileLocator.ForClassLoader.of(loader));
  }

  /**
   * The rules whose class loader precondition and class file marker this class passes
   * ({@code classFile} null: a loaded class, whose markers are not checked).
   */
  private List<Rule> candidates(ClassLoader loader, byte[] classFile) {
    List<Rule> candidates = List.of();
    for (Rule rule : rules) {
      if (rule.loaders().matches(loader) && rule.mayMatch(classFile)) {
        if (candidates.isEmpty()) {
          candidates = new ArrayList<>(4);
        }
        candidates.add(rule);
      }
    }
    return candidates;
  }

  private static List<Rule> matching(List<Rule> candidates, TypeDescription type) {
    List<Rule> matched = List.of();
    for (Rule rule : candidates) {
      if (rule.types().matches(type)) {
        if (matched.isEmpty()) {
          matched = new ArrayList<>(2);
        }
        matched.add(rule);
      }
    }
    return matched;
  }

  /** A pool that parses a class file only when more than the type's name is asked for. */
  private static TypePool pool(ClassFileLocator locator) {
    return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(),
        locator, TypePool.Default.ReaderMode.FAST));
  }
}
