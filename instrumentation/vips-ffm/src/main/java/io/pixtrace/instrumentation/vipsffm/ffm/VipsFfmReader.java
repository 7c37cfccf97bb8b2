package io.pixtrace.instrumentation.vipsffm.ffm;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ImageCallReader;
import io.pixtrace.instrumentation.libvips.LibvipsNames;
import io.pixtrace.instrumentation.vipsffm.VipsFfmModule;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads vips-ffm calls through vips-ffm's public API, as vips-ffm 1.9.8 has it (this class
 * lives in the agent's class loader, which cannot see the host's libraries):
 * {@code VipsOption.key()}, the {@code valueOrNull()} of each {@code VipsOption} record,
 * {@code VImage.getWidth()}/{@code getHeight()} and {@code VBlob.byteSize()}, as method handles
 * looked up through the class of the object at hand and cached per class ({@link ClassValue}).
 * What it reveals: the input format of a load (from the loader's nickname), the output format
 * of a save (from the saver's nickname), the saved image's size in pixels, and the bytes of a
 * {@code *save_buffer} blob or of {@code writeToMemory()}'s segment. Each step is optional: a
 * method this vips-ffm lacks drops what it would have read (logged once), never the span.
 * Never throws.
 */
public final class VipsFfmReader implements ImageCallReader {
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  /** A no-argument public method of a class as {@code (Object) -> Object}, or null if it has none. */
  private static final class Getter extends ClassValue<MethodHandle> {
    private final String name;

    Getter(String name) {
      this.name = name;
    }

    @Override
    protected MethodHandle computeValue(Class<?> type) {
      try {
        Method m = type.getMethod(name);
        return MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        if (REPORTED.add(type.getName() + "." + name)) {
          AgentLog.info("vips-ffm: " + type.getName() + " has no public " + name + "(): what it gives stays absent");
        }
        return null;
      }
    }

    /** The getter's value on {@code target}, or null when there is none or it threw. */
    Object on(Object target) {
      if (target == null) {
        return null;
      }
      MethodHandle h = get(target.getClass());
      if (h == null) {
        return null;
      }
      try {
        return h.invokeExact(target);
      } catch (Throwable e) {
        return null;
      }
    }
  }

  private static final Getter KEY = new Getter("key");
  private static final Getter VALUE = new Getter("valueOrNull");
  private static final Getter WIDTH = new Getter("getWidth");
  private static final Getter HEIGHT = new Getter("getHeight");
  private static final Getter BYTE_SIZE = new Getter("byteSize");

  @Override
  public String evaluationSpanName(String operation) {
    return LibvipsNames.spanName(operation);
  }

  @Override
  public ImageCall read(String method, Object self, Object[] args, Object result) {
    try {
      if (method.equals("invokeOperation")) {
        return operation(args);
      }
      long size = result instanceof MemorySegment ? ((MemorySegment) result).byteSize() : -1;
      return new ImageCall(null, null, intOf(WIDTH.on(self)), intOf(HEIGHT.on(self)), size, null);
    } catch (Throwable e) {
      return null;
    }
  }

  private static ImageCall operation(Object[] args) {
    if (args.length < 4 || !(args[1] instanceof String) || !(args[3] instanceof List)) {
      return null;
    }
    String nickname = LibvipsNames.nickname((String) args[1]);
    if (nickname.indexOf("load") > 0) {
      return ImageCall.input(LibvipsNames.formatOfLoader(nickname));
    }
    String format = LibvipsNames.formatOfSaver(nickname);
    if (format == null) {
      return null;
    }
    int width = -1;
    int height = -1;
    long size = -1;
    for (Object option : (List<?>) args[3]) {
      Object key = KEY.on(option);
      if ("in".equals(key)) {
        Object image = VALUE.on(option);
        width = intOf(WIDTH.on(image));
        height = intOf(HEIGHT.on(image));
      } else if ("buffer".equals(key)) {
        Object size0 = BYTE_SIZE.on(VALUE.on(option));
        size = size0 instanceof Long ? (Long) size0 : -1;
      }
    }
    return new ImageCall(null, format, width, height, size, null);
  }

  private static int intOf(Object value) {
    return value instanceof Integer ? (Integer) value : -1;
  }
}
