package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.instrumentation.api.InstrumentationModule;
import io.pixtrace.instrumentation.api.ModuleContext;
import io.pixtrace.instrumentation.api.Layer;
import io.pixtrace.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Download (CLIENT) spans for the host's OkHttp 4 ({@code okhttp3.*}): {@code Call.execute()}
 * and {@code Call.enqueue(Callback)}. The agent's own OkHttp is relocated under
 * {@code io.pixtrace.shaded} and never matched.
 *
 * <p>That relocation rewrites every {@code okhttp3} name in the agent's classes, this
 * module's included, so nothing here names an OkHttp type: the matchers build their names at
 * run time ({@link #OKHTTP3}) and the advice passes the library's objects as {@code Object}
 * to {@link OkHttpAdapter}, which calls them through method handles.
 */
public final class OkHttp4Module implements InstrumentationModule {
  /** The module's name, under which its {@link OkHttpAdapter} is registered. */
  public static final String NAME = "okhttp-4";

  /** {@code okhttp3}, spelled so that the build's relocation of that package leaves it alone. */
  static final String OKHTTP3 = "_okhttp3".substring(1);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Layer layer() {
    return Layer.DOWNLOAD;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new RealCallInstrumentation(), new InterceptorChainInstrumentation());
  }

  @Override
  public void start(ModuleContext context) {
    context.registerAdapter(NAME, new OkHttpAdapter());
  }
}
