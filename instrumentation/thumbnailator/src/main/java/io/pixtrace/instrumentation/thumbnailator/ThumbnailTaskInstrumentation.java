package io.pixtrace.instrumentation.thumbnailator;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code SourceSinkThumbnailTask}, which every Thumbnailator task delegates to: after
 * {@code read()} its {@code inputFormatName} field holds the decoder's format name, and
 * {@code write(BufferedImage)} receives the finished thumbnail.
 */
final class ThumbnailTaskInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(ThumbnailatorModule.TASKS + "SourceSinkThumbnailTask")
        .and(hasSuperClass(declaresField(named("inputFormatName"))));
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(isPublic().and(named("read")).and(takesArguments(0)),
        TaskReadAdvice.class);
    target.applyAdvice(isPublic().and(named("write")).and(takesArguments(1)),
        TaskWriteAdvice.class);
  }
}
