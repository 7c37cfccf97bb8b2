package app.photofox.vipsffm;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stand-in for vips-ffm's {@code VipsOption}: one named argument of a libvips operation, an
 * input when it holds a value, an output filled in by {@link VipsInvoker} otherwise. Only
 * the kinds the stand-in uses.
 */
public sealed interface VipsOption permits VipsOption.Int, VipsOption.Str, VipsOption.Image, VipsOption.Blob,
    VipsOption.Source {
  /** The libvips argument name. */
  String key();

  /** The value, empty for an output not yet filled in. */
  Optional<?> value();

  /** Whether this option holds a value (an input). */
  default boolean hasValue() {
    return value().isPresent();
  }

  /** An {@code int} argument. */
  record Int(String key, AtomicReference<Optional<Integer>> box) implements VipsOption {
    @Override
    public Optional<Integer> value() {
      return box.get();
    }
  }

  /** A string argument. */
  record Str(String key, AtomicReference<Optional<String>> box) implements VipsOption {
    @Override
    public Optional<String> value() {
      return box.get();
    }
  }

  /** An image argument. */
  record Image(String key, AtomicReference<Optional<VImage>> box) implements VipsOption {
    @Override
    public Optional<VImage> value() {
      return box.get();
    }
  }

  /** A blob argument (encoded bytes). */
  record Blob(String key, AtomicReference<Optional<VBlob>> box) implements VipsOption {
    @Override
    public Optional<VBlob> value() {
      return box.get();
    }
  }

  /** A source argument. */
  record Source(String key, AtomicReference<Optional<VSource>> box) implements VipsOption {
    @Override
    public Optional<VSource> value() {
      return box.get();
    }
  }

  /** An {@code int} input. */
  static Int Int(String key, int value) {
    return new Int(key, new AtomicReference<>(Optional.of(value)));
  }

  /** An image input. */
  static Image Image(String key, VImage value) {
    return new Image(key, new AtomicReference<>(Optional.of(value)));
  }

  /** An image output. */
  static Image Image(String key) {
    return new Image(key, new AtomicReference<>(Optional.empty()));
  }

  /** A blob output. */
  static Blob Blob(String key) {
    return new Blob(key, new AtomicReference<>(Optional.empty()));
  }

  /** A source input. */
  static Source Source(String key, VSource value) {
    return new Source(key, new AtomicReference<>(Optional.of(value)));
  }
}
