package io.pixtrace.instrumentation.vipsffm.ffm;

import io.pixtrace.bootstrap.ImageCall;
import io.pixtrace.bootstrap.ImageCallReader;
import io.pixtrace.instrumentation.vipsffm.VipsFfmModule;
import io.pixtrace.bootstrap.ProcessingStage;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Optional;

/**
 * Reads vips-ffm calls through vips-ffm's public API (this class lives in the agent's class
 * loader, which cannot see the host's libraries): {@code VipsOption.key()} and
 * {@code value()}, {@code VImage.getWidth()}/{@code getHeight()} and {@code VBlob.byteSize()},
 * as method handles looked up through the class loader of the objects at hand and cached per
 * class ({@link ClassValue}). What it reveals: the input format of a load (from the loader's
 * nickname), the output format of a save (from the saver's nickname), the saved image's size
 * in pixels, and the bytes of a {@code *save_buffer} blob or of {@code writeToMemory()}'s
 * segment. Never throws; answers what it could read.
 */
public final class VipsFfmReader implements ImageCallReader {
  /** Handles on one vips-ffm's public API. */
  private static final class Api {
    final MethodHandle key;
    final MethodHandle value;
    final MethodHandle width;
    final MethodHandle height;
    final MethodHandle blobSize;

    Api(ClassLoader loader) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> option = Class.forName(VipsFfmModule.LIBRARY_PACKAGE + "VipsOption", false, loader);
      Class<?> image = Class.forName(VipsFfmModule.LIBRARY_PACKAGE + "VImage", false, loader);
      key = lookup.findVirtual(option, "key", MethodType.methodType(String.class));
      value = lookup.findVirtual(option, "value", MethodType.methodType(Optional.class));
      width = lookup.findVirtual(image, "getWidth", MethodType.methodType(int.class));
      height = lookup.findVirtual(image, "getHeight", MethodType.methodType(int.class));
      MethodHandle size = null;
      try {
        Class<?> blob = Class.forName(VipsFfmModule.LIBRARY_PACKAGE + "VBlob", false, loader);
        size = lookup.findVirtual(blob, "byteSize", MethodType.methodType(long.class));
      } catch (ReflectiveOperationException olderVipsFfm) {
        // VBlob.byteSize() is missing from early releases: the size stays unknown
      }
      blobSize = size;
    }
  }

  private static final ClassValue<Api> API = new ClassValue<>() {
    @Override
    protected Api computeValue(Class<?> type) {
      try {
        return new Api(type.getClassLoader());
      } catch (ReflectiveOperationException | LinkageError e) {
        return null;
      }
    }
  };

  @Override
  public ImageCall read(String method, Object self, Object[] args, Object result) {
    try {
      if (method.equals("invokeOperation")) {
        return operation(args);
      }
      Api api = self == null ? null : API.get(self.getClass());
      if (api == null) {
        return null;
      }
      long size = result instanceof MemorySegment ? ((MemorySegment) result).byteSize() : -1;
      return new ImageCall(null, null, intOf(api.width, self), intOf(api.height, self), size);
    } catch (Throwable e) {
      return null;
    }
  }

  private static ImageCall operation(Object[] args) throws Throwable {
    if (args.length < 4 || !(args[1] instanceof String) || !(args[3] instanceof List)) {
      return null;
    }
    String nickname = ProcessingStage.vipsNickname((String) args[1]);
    int load = nickname.indexOf("load");
    int save = nickname.indexOf("save");
    if (load > 0) {
      return new ImageCall(ProcessingStage.formatOfLoader(nickname), null, -1, -1, -1);
    }
    if (save <= 0) {
      return null;
    }
    int width = -1;
    int height = -1;
    long size = -1;
    for (Object option : (List<?>) args[3]) {
      Api api = option == null ? null : API.get(option.getClass());
      if (api == null) {
        continue;
      }
      String key = (String) api.key.invoke(option);
      Object value = ((Optional<?>) api.value.invoke(option)).orElse(null);
      if (value == null) {
        continue;
      }
      if ("in".equals(key)) {
        width = intOf(api.width, value);
        height = intOf(api.height, value);
      } else if ("buffer".equals(key) && api.blobSize != null) {
        size = (long) api.blobSize.invoke(value);
      }
    }
    return new ImageCall(null, ProcessingStage.formatName(nickname.substring(0, save)), width, height, size);
  }

  private static int intOf(MethodHandle getter, Object target) {
    try {
      return (int) getter.invoke(target);
    } catch (Throwable e) {
      return -1;
    }
  }
}
