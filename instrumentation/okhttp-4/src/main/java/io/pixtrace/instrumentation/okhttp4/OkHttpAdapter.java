package io.pixtrace.instrumentation.okhttp4;

import io.pixtrace.bootstrap.HttpClientAdapter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * Reads OkHttp's {@code Request}/{@code Response} for the download stage without linking to
 * OkHttp (this class lives in the agent's class loader, which cannot see the host's
 * libraries): method handles on OkHttp's public API, looked up through the class loader of
 * the object at hand and cached per class ({@link ClassValue}: weakly, so an undeployed
 * application's OkHttp can be unloaded).
 */
final class OkHttpAdapter implements HttpClientAdapter {
  private static final MethodType STRING = MethodType.methodType(String.class);

  /** Handles on one OkHttp's public API, found from its {@code Request} or {@code Response} class. */
  private static final class Api {
    final MethodHandle method;
    final MethodHandle url;
    final MethodHandle newBuilder;
    final MethodHandle header;
    final MethodHandle build;
    final MethodHandle code;
    final MethodHandle responseHeader;

    Api(ClassLoader loader) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      String p = OkHttp4Module.OKHTTP3;
      Class<?> request = Class.forName(p + ".Request", false, loader);
      Class<?> builder = Class.forName(p + ".Request$Builder", false, loader);
      Class<?> response = Class.forName(p + ".Response", false, loader);
      Class<?> httpUrl = Class.forName(p + ".HttpUrl", false, loader);
      method = lookup.findVirtual(request, "method", STRING);
      url = lookup.findVirtual(request, "url", MethodType.methodType(httpUrl));
      newBuilder = lookup.findVirtual(request, "newBuilder", MethodType.methodType(builder));
      header = lookup.findVirtual(builder, "header", MethodType.methodType(builder, String.class, String.class));
      build = lookup.findVirtual(builder, "build", MethodType.methodType(request));
      code = lookup.findVirtual(response, "code", MethodType.methodType(int.class));
      responseHeader = lookup.findVirtual(response, "header", MethodType.methodType(String.class, String.class));
    }
  }

  private static final ClassValue<Api> API = new ClassValue<>() {
    @Override
    protected Api computeValue(Class<?> type) {
      try {
        return new Api(type.getClassLoader());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("not OkHttp 4: " + type.getName(), e);
      }
    }
  };

  @Override
  public String method(Object request) {
    try {
      return (String) API.get(request.getClass()).method.invoke(request);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  @Override
  public String url(Object request) {
    try {
      return String.valueOf(API.get(request.getClass()).url.invoke(request));
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  @Override
  public Object withHeaders(Object request, Map<String, String> headers) {
    try {
      Api api = API.get(request.getClass());
      Object builder = api.newBuilder.invoke(request);
      for (Map.Entry<String, String> h : headers.entrySet()) {
        builder = api.header.invoke(builder, h.getKey(), h.getValue());
      }
      return api.build.invoke(builder);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  @Override
  public int statusCode(Object response) {
    try {
      return (int) API.get(response.getClass()).code.invoke(response);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  @Override
  public long contentLength(Object response) {
    try {
      String value = (String) API.get(response.getClass()).responseHeader.invoke(response, "Content-Length");
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof RuntimeException) {
      return (RuntimeException) e;
    }
    if (e instanceof Error) {
      throw (Error) e;
    }
    return new IllegalStateException(e);
  }
}
