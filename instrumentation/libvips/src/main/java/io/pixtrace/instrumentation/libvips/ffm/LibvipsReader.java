package io.pixtrace.instrumentation.libvips.ffm;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ImageCallReader;
import io.pixtrace.instrumentation.libvips.LibvipsNames;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Reads what a libvips call made through jextract-layout bindings revealed, with the FFM API
 * (docs/telemetry.md, "processing_image and vips {operation}"):
 * <ul>
 *   <li>failure: a negative {@code int} or a NULL pointer result, with
 *       {@code vips_error_buffer()}'s text;
 *   <li>the input format: the loader a {@code vips_foreign_find_load*} call answered, or the
 *       one libvips finds for the buffer of a non-save {@code *_buffer} call
 *       ({@code vips_foreign_find_load_buffer});
 *   <li>the output of a save or write: the format (file suffix or saver name), the image's
 *       width and height ({@code vips_image_get_width}/{@code _height}) and the bytes written
 *       (the {@code size_t*} out-parameter).
 * </ul>
 * Never throws; reads what it can.
 */
final class LibvipsReader implements ImageCallReader {
  private static final long MAX_STRING = 4096;
  private final LoadedLibvips.Function width;
  private final LoadedLibvips.Function height;
  private final LoadedLibvips.Function findLoadBuffer;
  private final LoadedLibvips.Function errorBuffer;

  LibvipsReader(LoadedLibvips libvips) {
    FunctionDescriptor intOfImage = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
    width = libvips.function("vips_image_get_width", intOfImage);
    height = libvips.function("vips_image_get_height", intOfImage);
    findLoadBuffer = libvips.function("vips_foreign_find_load_buffer",
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    errorBuffer = libvips.function("vips_error_buffer", FunctionDescriptor.of(ValueLayout.ADDRESS));
  }

  @Override
  public String evaluationSpanName(String operation) {
    return LibvipsNames.spanName(LibvipsNames.cName(operation));
  }

  @Override
  public ImageCall read(String method, Object self, Object[] args, Object result) {
    String name = LibvipsNames.cName(method);
    if ((result instanceof Integer && (Integer) result < 0) || isNull(result)) {
      String text = callString(errorBuffer);
      return ImageCall.failed(text == null || text.isBlank() ? name + " failed" : name + " failed: " + text.strip());
    }
    if (name.startsWith("vips_foreign_find_load")) {
      String loader = cString(result);
      return loader == null ? null : ImageCall.input(LibvipsNames.formatOfLoader(loader));
    }
    boolean write = name.startsWith("vips_image_write");
    String saver = LibvipsNames.formatOfSaver(name);
    if (!write && saver == null) {
      if (name.contains("_buffer") && args.length >= 2 && args[1] instanceof Long) {
        String loader = loaderForBuffer(args[0], (Long) args[1]);
        return loader == null ? null : ImageCall.input(LibvipsNames.formatOfLoader(loader));
      }
      return null;
    }
    if (args.length == 0) {
      return null;
    }
    String format = saver;
    long size = -1;
    if (name.equals("vips_image_write_to_buffer") && args.length >= 4) {
      format = LibvipsNames.formatOfSuffix(cString(args[1]));
      size = sizeAt(args[3]);
    } else if (name.equals("vips_image_write_to_file") && args.length >= 2) {
      format = LibvipsNames.formatOfSuffix(cString(args[1]));
    } else if (name.equals("vips_image_write_to_memory") && args.length >= 2) {
      size = sizeAt(args[1]);
    } else if (name.endsWith("save_buffer") && args.length >= 3) {
      size = sizeAt(args[2]);
    }
    return new ImageCall(null, format, imageInt(width, args[0]), imageInt(height, args[0]), size, null);
  }

  private static boolean isNull(Object pointer) {
    return pointer instanceof MemorySegment && ((MemorySegment) pointer).address() == 0;
  }

  private static String cString(Object pointer) {
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

  /** The {@code size_t} an out-parameter points to, or -1. */
  private static long sizeAt(Object pointer) {
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

  private String loaderForBuffer(Object buffer, long length) {
    MethodHandle h = findLoadBuffer.handle();
    if (h == null || !(buffer instanceof MemorySegment s) || s.address() == 0 || length <= 0) {
      return null;
    }
    try {
      return cString((MemorySegment) h.invokeExact(s, length));
    } catch (Throwable e) {
      return null;
    }
  }

  private static String callString(LoadedLibvips.Function function) {
    MethodHandle h = function.handle();
    if (h == null) {
      return null;
    }
    try {
      return cString((MemorySegment) h.invokeExact());
    } catch (Throwable e) {
      return null;
    }
  }

  private static int imageInt(LoadedLibvips.Function getter, Object image) {
    MethodHandle h = getter.handle();
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
