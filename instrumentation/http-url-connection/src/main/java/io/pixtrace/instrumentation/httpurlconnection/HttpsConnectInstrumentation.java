package io.pixtrace.instrumentation.httpurlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pixtrace.instrumentation.api.AdviceTarget;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection.connect()}: the https
 * delegate overrides {@code connect()} (TLS handshake); its other calls are the http base
 * class's.
 */
final class HttpsConnectInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("connect").and(isPublic()).and(takesArguments(0)),
        HttpsConnectAdvice.class);
  }
}
