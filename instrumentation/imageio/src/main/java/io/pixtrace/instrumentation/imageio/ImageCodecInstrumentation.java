package io.pixtrace.instrumentation.imageio;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ImageReader.read(int, ImageReadParam)} and
 * {@code ImageWriter.write(IIOMetadata, IIOImage, ImageWriteParam)} of ImageIO plugins (the JDK's
 * {@code com.sun.imageio.plugins.*} and third-party ones): the methods every read and write
 * variant of a reader or writer ends in, for hosts that use them directly (e.g. to set the JPEG
 * quality). The abstract base classes cannot carry advice, so their concrete subclasses are
 * matched; by name first ({@code imageio} in the package, or a name ending in {@code Reader} /
 * {@code Writer}), the hierarchy only then.
 */
final class ImageCodecInstrumentation implements TypeInstrumentation {
  private final boolean reader;

  ImageCodecInstrumentation(boolean reader) {
    this.reader = reader;
  }

  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("com.sun.imageio.plugins.");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    String kind = reader ? "Reader" : "Writer";
    return nameContains("imageio").or(nameEndsWith(kind))
        .and(not(isInterface())).and(not(isAbstract()))
        .and(hasSuperType(named("javax.imageio.Image" + kind)));
  }

  @Override
  public void transform(AdviceTarget target) {
    if (reader) {
      target.applyAdvice(
          named("read").and(takesArguments(2)).and(takesArgument(0, int.class))
              .and(takesArgument(1, named("javax.imageio.ImageReadParam"))).and(not(isAbstract())),
          ImageReaderAdvice.class);
    } else {
      target.applyAdvice(
          named("write").and(takesArguments(3)).and(takesArgument(0, named("javax.imageio.metadata.IIOMetadata")))
              .and(takesArgument(1, named("javax.imageio.IIOImage")))
              .and(takesArgument(2, named("javax.imageio.ImageWriteParam"))).and(not(isAbstract())),
          ImageWriterAdvice.class);
    }
  }
}
