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
 * {@code sun.net.www.protocol.http.HttpURLConnection}, what {@code new URL("http...")
 * .openConnection()} returns, and the base of the https delegate behind
 * {@code HttpsURLConnectionImpl}. One download per connection: it starts at the first of
 * {@code connect()}, {@code getOutputStream()}, {@code getInputStream()} and ends when
 * {@code getInputStream()} first returns or throws (the response code is then known;
 * {@code getResponseCode()}, {@code getHeaderField*} and {@code URL.openStream()} all go
 * through it), or at {@code disconnect()} if it never got there.
 */
final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
  @Override
  public List<String> jdkTypePrefixes() {
    return List.of("sun.net.www.protocol.http.HttpURLConnection");
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return named("sun.net.www.protocol.http.HttpURLConnection");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("connect").or(named("getOutputStream")).and(isPublic()).and(takesArguments(0)),
        ConnectAdvice.class);
    target.applyAdvice(named("getInputStream").and(isPublic()).and(takesArguments(0)),
        GetInputStreamAdvice.class);
    target.applyAdvice(named("disconnect").and(isPublic()).and(takesArguments(0)),
        DisconnectAdvice.class);
  }
}
