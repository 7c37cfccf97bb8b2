package io.pixtrace.instrumentation.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A module's helper classes: classes that implement or extend the instrumented library's own
 * types (a Reactor subscriber, the host's OpenTelemetry {@code Span}), so they must be
 * defined where that library is visible. A module keeps them in a package named
 * {@code helper} beneath its own; the build ships them as {@code .classdata} resources
 * (instrumentation/pom.xml), untouched by the agent's shade pass, which would otherwise
 * relocate the library names they use. {@link #loaderFor} defines them in a class loader of
 * their own, a child of the library's loader, one per library loader (a {@link ClassValue} on a
 * class of the library, so a web application's loader can still be unloaded). Helpers reach
 * the agent only through {@code io.pixtrace.bootstrap} classes, which every loader sees.
 */
public final class HelperClasses {
  private final String helperPackage;
  private final ClassLoader resources;
  private final ClassValue<Loader> loaders = new ClassValue<>() {
    @Override
    protected Loader computeValue(Class<?> libraryClass) {
      return new Loader(libraryClass.getClassLoader());
    }
  };

  /**
   * @param module a class of the module; its helpers are in {@code <its package>.helper}
   */
  public HelperClasses(Class<?> module) {
    this.helperPackage = module.getPackageName() + ".helper.";
    this.resources = module.getClassLoader();
  }

  /** The helper loader beside the library that {@code libraryClass} belongs to. */
  public ClassLoader loaderFor(Class<?> libraryClass) {
    return loaders.get(libraryClass);
  }

  /**
   * A new instance of the helper class {@code simpleName} (public, with a public no-argument
   * constructor) beside the library of {@code libraryClass}.
   *
   * @throws IllegalStateException when it cannot be defined or made
   */
  public Object newInstance(Class<?> libraryClass, String simpleName) {
    try {
      return loaderFor(libraryClass).loadClass(helperPackage + simpleName).getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("could not make the helper " + simpleName + " beside " + libraryClass, e);
    }
  }

  private final class Loader extends ClassLoader {
    Loader(ClassLoader library) {
      super("pixtrace-helpers", library);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (!name.startsWith(helperPackage)) {
        throw new ClassNotFoundException(name);
      }
      String resource = name.replace('.', '/') + ".classdata";
      try (InputStream in = resources.getResourceAsStream(resource)) {
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
