package io.pixtrace.instrumentation.vipsffm;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The {@code VImage} methods that run libvips without {@code VipsInvoker}:
 * {@code MemorySegment writeToMemory()} and {@code VImage write(VImage)}.
 */
final class VImageInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(VipsFfmModule.LIBRARY_PACKAGE + "VImage");
  }

  @Override
  public void transform(AdviceTarget target) {
    String vimage = VipsFfmModule.LIBRARY_PACKAGE + "VImage";
    target.applyAdvice(
        isPublic().and(not(isStatic())).and(
            named("writeToMemory").and(takesArguments(0)).and(returns(named("java.lang.foreign.MemorySegment")))
                .or(named("write").and(takesArguments(1)).and(takesArgument(0, named(vimage)))
                    .and(returns(named(vimage))))),
        VImageWriteAdvice.class);
  }
}
