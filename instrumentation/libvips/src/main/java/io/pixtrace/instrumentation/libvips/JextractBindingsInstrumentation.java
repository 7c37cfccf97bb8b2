package io.pixtrace.instrumentation.libvips;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * libvips bindings as jextract generates them, whatever the package: a header class with a
 * {@code public static} method per C function named as in C (e.g.
 * {@code vips_image_new_from_file}), and, for variadic C functions, a nested invoker class
 * named as the C function with an {@code apply} method. Only image operations are woven
 * ({@link LibvipsNames#isOperation}); jextract's {@code name$handle()} and
 * {@code name$descriptor()} companions are skipped.
 */
final class JextractBindingsInstrumentation implements TypeInstrumentation {
  private static final ElementMatcher.Junction<MethodDescription> OPERATION_METHOD =
      ElementMatchers.<MethodDescription>isStatic()
          .and(m -> LibvipsNames.isOperation(m.getName()));

  private static final ElementMatcher.Junction<MethodDescription> INVOKER_APPLY =
      ElementMatchers.<MethodDescription>named("apply").and(not(isStatic()))
          .and(m -> LibvipsNames.isOperation(m.getDeclaringType().asErasure().getSimpleName()));

  /** A header class declares methods named {@code vips_*}; an invoker class is named after one. */
  @Override
  public String classFileMarker() {
    return "vips_";
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    ElementMatcher.Junction<TypeDescription> headerClass = declaresMethod(OPERATION_METHOD);
    ElementMatcher.Junction<TypeDescription> invokerClass =
        ElementMatchers.<TypeDescription>nameContains("$vips_")
            .and(t -> LibvipsNames.isOperation(t.getSimpleName()))
            .and(declaresMethod(named("apply")));
    return not(ElementMatchers.<TypeDescription>nameContains("$vips_")).and(headerClass).or(invokerClass);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(OPERATION_METHOD, VipsFunctionAdvice.class);
    target.applyAdvice(INVOKER_APPLY, VipsInvokerAdvice.class);
  }
}
