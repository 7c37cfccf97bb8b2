package io.pixtrace.instrumentation.imageio;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ImageIO.read(...)} (decode: File, InputStream, URL, ImageInputStream) and
 * {@code ImageIO.write(RenderedImage, String, ...)} (encode): the entry points most Java image
 * code, Thumbnailator and imgscalr included, ends up calling. Internal overloads calling each
 * other count once.
 */
final class ImageIoInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("javax.imageio.ImageIO");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("javax.imageio.ImageIO");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isPublic().and(isStatic()).and(named("read").and(takesArguments(1)).or(named("write").and(takesArguments(3)))),
        ImageIoAdvice.class);
  }
}
