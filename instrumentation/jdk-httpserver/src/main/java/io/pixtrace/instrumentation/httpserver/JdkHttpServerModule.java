package io.pixtrace.instrumentation.httpserver;

import com.sun.net.httpserver.HttpExchange;
import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/** SERVER spans for the JDK's built-in HTTP server ({@code com.sun.net.httpserver}). */
public final class JdkHttpServerModule implements InstrumentationModule {
  /** The module's name, under which its {@link HttpExchangeAdapter} is registered. */
  public static final String NAME = "jdk-httpserver";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.SERVER;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new FilterChainInstrumentation(), new ExchangeCompletionInstrumentation());
  }

  /**
   * Registers the adapter, with the JDK's {@code ExchangeImpl.get} so that a request ends when
   * its response is complete. Without it (a JDK that refuses the access or has no such method)
   * requests end when the handler returns, as the agent says once.
   */
  @Override
  public void start(ModuleContext context) {
    MethodHandle exchangeImpl = null;
    try {
      Class<?> impl = Class.forName(ExchangeCompletionInstrumentation.EXCHANGE, false, HttpExchange.class.getClassLoader());
      exchangeImpl = context.privateLookup(impl, MethodHandles.lookup())
          .findStatic(impl, "get", MethodType.methodType(impl, HttpExchange.class))
          .asType(MethodType.methodType(Object.class, HttpExchange.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentLog.warn("jdk-httpserver: requests end when the handler returns, not when the response is complete ("
          + e + ")");
    }
    context.registerAdapter(NAME, new HttpExchangeAdapter(exchangeImpl));
  }
}
