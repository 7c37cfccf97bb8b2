package io.pixtrace.instrumentation.libvips.ffm;

import io.pixtrace.bootstrap.AgentLog;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The libvips the host process has loaded, found without ever loading it ourselves: the
 * shared object is looked up in {@code /proc/self/maps} (Linux), and only once it is mapped
 * is it opened (which then just adds a reference). Until then every lookup answers empty,
 * and it is asked again later, at most once every 10 seconds.
 */
final class LoadedLibvips {
  private static final long RETRY_NANOS = 10_000_000_000L;
  private final Linker linker = Linker.nativeLinker();
  private volatile SymbolLookup lookup;
  private volatile long lastTry;
  private volatile boolean reported;

  /** A downcall handle for a libvips function, or empty while libvips is not loaded. */
  Optional<MethodHandle> function(String name, FunctionDescriptor descriptor) {
    SymbolLookup l = lookup();
    if (l == null) {
      return Optional.empty();
    }
    return l.find(name).map(address -> linker.downcallHandle(address, descriptor));
  }

  private SymbolLookup lookup() {
    SymbolLookup l = lookup;
    if (l != null) {
      return l;
    }
    long now = System.nanoTime();
    if (lastTry != 0 && now - lastTry < RETRY_NANOS) {
      return null;
    }
    lastTry = now;
    synchronized (this) {
      if (lookup != null) {
        return lookup;
      }
      Path path = mappedLibvips();
      if (path == null) {
        if (!reported) {
          reported = true;
          AgentLog.info("libvips is not loaded in this process (yet): vips_* gauges stay absent until it is");
        }
        return null;
      }
      lookup = SymbolLookup.libraryLookup(path, Arena.global());
      AgentLog.info("libvips found at " + path + ": vips_memory_bytes, vips_max_memory_bytes and vips_allocs are on");
      return lookup;
    }
  }

  private static Path mappedLibvips() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return null;
    }
    try (Stream<String> lines = Files.lines(maps)) {
      return lines
          .map(line -> {
            int slash = line.indexOf('/');
            return slash < 0 ? null : line.substring(slash);
          })
          .filter(p -> p != null && isLibvips(p))
          .findFirst()
          .map(Path::of)
          .orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static boolean isLibvips(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return file.startsWith("libvips.so") || file.startsWith("libvips.dylib") || file.matches("libvips-\\d+\\.dll");
  }
}
