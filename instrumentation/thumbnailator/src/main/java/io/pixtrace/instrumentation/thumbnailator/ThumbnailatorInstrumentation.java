package io.pixtrace.instrumentation.thumbnailator;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code net.coobird.thumbnailator.Thumbnailator}'s public static {@code createThumbnail}
 * and {@code createThumbnails*} methods: the outer image operation. The overloads that call
 * {@code createThumbnail(ThumbnailTask)} count once (the inner call joins the outer one).
 */
final class ThumbnailatorInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("net.coobird.thumbnailator.Thumbnailator");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(isPublic().and(isStatic()).and(nameStartsWith("createThumbnail")),
        CreateThumbnailAdvice.class);
  }
}
