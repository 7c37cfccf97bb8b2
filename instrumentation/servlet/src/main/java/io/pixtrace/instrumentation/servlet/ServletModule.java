package io.pixtrace.instrumentation.servlet;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * SERVER spans for servlet containers: Jakarta Servlet 5/6 ({@code jakarta.servlet}) and
 * javax Servlet 3/4 ({@code javax.servlet}). The same instrumentation and adapter serve both
 * APIs, told apart by package name; only the advice is written twice, once per API. Async
 * requests end when their async work completes; work started with {@code AsyncContext.start}
 * and the request's later dispatches run in its context.
 */
public final class ServletModule implements InstrumentationModule {
  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public Layer layer() {
    return Layer.SERVER;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new ServletInstrumentation(JakartaServletAdvice.API, JakartaServletAdvice.class),
        new ServletInstrumentation(JavaxServletAdvice.API, JavaxServletAdvice.class),
        new AsyncStartInstrumentation(JakartaServletAdvice.API, JakartaAsyncStartAdvice.class),
        new AsyncStartInstrumentation(JavaxServletAdvice.API, JavaxAsyncStartAdvice.class));
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(JakartaServletAdvice.API, new ServletAdapter(JakartaServletAdvice.API));
    context.registerAdapter(JavaxServletAdvice.API, new ServletAdapter(JavaxServletAdvice.API));
  }
}
