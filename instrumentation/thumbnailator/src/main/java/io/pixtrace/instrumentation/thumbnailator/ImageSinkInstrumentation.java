package io.pixtrace.instrumentation.thumbnailator;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Thumbnailator's encoding sinks: {@code OutputStreamImageSink} (the one that encodes, with
 * its {@code outputFormat} and {@code os} fields; a {@code FileImageSink} delegates to it) and
 * {@code FileImageSink} (its {@code destinationFile}, for the bytes written). Matched only
 * where those fields exist.
 */
final class ImageSinkInstrumentation implements TypeInstrumentation {
  private static final String IO = ThumbnailatorModule.TASKS + "io.";

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named(IO + "OutputStreamImageSink").and(declaresField(named("os")))
        .and(hasSuperClass(declaresField(named("outputFormat"))))
        .or(named(IO + "FileImageSink").and(declaresField(named("destinationFile"))));
  }

  @Override
  public void transform(AdviceTarget target) {
    ElementMatcher.Junction<MethodDescription> write = isPublic().and(named("write")).and(takesArguments(1));
    target.applyAdvice(write.and(m -> m.getDeclaringType().asErasure().getName().endsWith(".OutputStreamImageSink")),
        StreamSinkWriteAdvice.class);
    target.applyAdvice(write.and(m -> m.getDeclaringType().asErasure().getName().endsWith(".FileImageSink")),
        FileSinkWriteAdvice.class);
  }
}
