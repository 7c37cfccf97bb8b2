package io.pixtrace.instrumentation.otelapi;

import io.pixtrace.bootstrap.ApiBridge;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Makes the bridge objects for each host API: the bridge classes (this module's
 * {@code bridge} package, compiled against the host API's real names and shipped as
 * {@code .classdata} resources, so the agent's shade pass leaves them alone) are defined in a
 * class loader of their own whose parent is the loader of the host's API, one per API
 * (a {@link ClassValue} on the API's {@code Context} class), so web applications with their
 * own API each get theirs and can still be unloaded.
 */
final class HostApiBridges implements ApiBridge.Factory {
  static final String BRIDGE_PACKAGE = HostApiBridges.class.getPackageName() + ".bridge.";

  private final ClassValue<BridgeLoader> loaders = new ClassValue<>() {
    @Override
    protected BridgeLoader computeValue(Class<?> hostContext) {
      return new BridgeLoader(hostContext.getClassLoader());
    }
  };

  @Override
  public Object contextStorage(Class<?> anchor) {
    return loader(anchor).instance("BridgeContextStorage");
  }

  @Override
  public Object openTelemetry(Class<?> anchor) {
    return loader(anchor).instance("BridgeOpenTelemetry");
  }

  private BridgeLoader loader(Class<?> anchor) {
    try {
      return loaders.get(Class.forName(OpenTelemetryApiModule.hostName("context.Context"), false, anchor.getClassLoader()));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no OpenTelemetry context API beside " + anchor, e);
    }
  }

  /** Defines the bridge classes next to one host API. */
  static final class BridgeLoader extends ClassLoader {
    private volatile Object openTelemetry;
    private volatile Object storage;

    BridgeLoader(ClassLoader hostApi) {
      super("pixtrace-otel-bridge", hostApi);
    }

    synchronized Object instance(String simpleName) {
      Object existing = simpleName.equals("BridgeOpenTelemetry") ? openTelemetry : storage;
      if (existing != null) {
        return existing;
      }
      try {
        Object made = loadClass(BRIDGE_PACKAGE + simpleName).getConstructor().newInstance();
        if (simpleName.equals("BridgeOpenTelemetry")) {
          openTelemetry = made;
        } else {
          storage = made;
        }
        return made;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("could not make the bridge's " + simpleName, e);
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (!name.startsWith(BRIDGE_PACKAGE)) {
        throw new ClassNotFoundException(name);
      }
      String resource = name.replace('.', '/') + ".classdata";
      try (InputStream in = HostApiBridges.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new ClassNotFoundException(name + " (no " + resource + ")");
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
