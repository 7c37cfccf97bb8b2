package io.pixtrace.instrumentation.imgscalr;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code org.imgscalr.Scalr}'s public static image operations returning a {@code BufferedImage}. */
final class ScalrInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("org.imgscalr.Scalr");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isPublic().and(isStatic()).and(namedOneOf("resize", "crop", "pad", "rotate", "apply"))
            .and(returns(named("java.awt.image.BufferedImage"))),
        ScalrAdvice.class);
  }
}
