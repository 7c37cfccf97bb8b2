package io.pixtrace.instrumentation.libvips.ffm;

import io.pixtrace.bootstrap.VipsNative;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Reads libvips call arguments with the FFM API: C strings and {@code size_t} out-parameters
 * from the segments the host passed, image sizes and loader names by calling libvips'
 * own getters ({@code vips_image_get_width}, {@code vips_foreign_find_load_buffer},
 * {@code vips_error_buffer}). Never throws; answers null or -1 when it cannot tell.
 */
final class FfmVipsNative implements VipsNative {
  private static final long MAX_STRING = 4096;
  private final LoadedLibvips libvips;
  private volatile MethodHandle width;
  private volatile MethodHandle height;
  private volatile MethodHandle findLoadBuffer;
  private volatile MethodHandle errorBuffer;

  FfmVipsNative(LoadedLibvips libvips) {
    this.libvips = libvips;
  }

  @Override
  public boolean isNull(Object pointer) {
    return pointer instanceof MemorySegment s && s.address() == 0;
  }

  @Override
  public String cString(Object pointer) {
    if (!(pointer instanceof MemorySegment s) || s.address() == 0) {
      return null;
    }
    try {
      MemorySegment bounded = s.byteSize() >= MAX_STRING ? s : s.reinterpret(MAX_STRING);
      return bounded.getString(0);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public long sizeAt(Object pointer) {
    if (!(pointer instanceof MemorySegment s) || s.address() == 0) {
      return -1;
    }
    try {
      MemorySegment bounded = s.byteSize() >= 8 ? s : s.reinterpret(8);
      return bounded.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  @Override
  public int imageWidth(Object image) {
    MethodHandle h = width;
    if (h == null) {
      h = width = handle("vips_image_get_width", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }
    return callInt(h, image);
  }

  @Override
  public int imageHeight(Object image) {
    MethodHandle h = height;
    if (h == null) {
      h = height = handle("vips_image_get_height", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }
    return callInt(h, image);
  }

  @Override
  public String loaderForBuffer(Object buffer, long length) {
    if (!(buffer instanceof MemorySegment s) || s.address() == 0 || length <= 0) {
      return null;
    }
    MethodHandle h = findLoadBuffer;
    if (h == null) {
      h = findLoadBuffer = handle("vips_foreign_find_load_buffer",
          FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }
    if (h == null) {
      return null;
    }
    try {
      String name = cString((MemorySegment) h.invokeExact(s, length));
      return name;
    } catch (Throwable e) {
      return null;
    }
  }

  @Override
  public String errorBuffer() {
    MethodHandle h = errorBuffer;
    if (h == null) {
      h = errorBuffer = handle("vips_error_buffer", FunctionDescriptor.of(ValueLayout.ADDRESS));
    }
    if (h == null) {
      return null;
    }
    try {
      return cString((MemorySegment) h.invokeExact());
    } catch (Throwable e) {
      return null;
    }
  }


  private MethodHandle handle(String name, FunctionDescriptor descriptor) {
    try {
      Optional<MethodHandle> h = libvips.function(name, descriptor);
      return h.orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static int callInt(MethodHandle h, Object image) {
    if (h == null || !(image instanceof MemorySegment s) || s.address() == 0) {
      return -1;
    }
    try {
      return (int) h.invokeExact(s);
    } catch (Throwable e) {
      return -1;
    }
  }
}
