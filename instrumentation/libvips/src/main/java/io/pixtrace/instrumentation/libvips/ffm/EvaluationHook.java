package io.pixtrace.instrumentation.libvips.ffm;

import io.pixtrace.bootstrap.AgentLog;
import io.pixtrace.bootstrap.ProcessingStage;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * libvips' own account of pixel work: every pipeline evaluation, reported to the processing
 * stage ({@link ProcessingStage#evaluationStart}, {@link ProcessingStage#evaluationEnd}) so
 * that the operation that triggered it gets a {@code vips {operation}} span
 * (docs/telemetry.md, "processing_image and vips {operation}").
 *
 * <p>libvips emits {@code preeval} and {@code posteval} on an image it evaluates when the image
 * has progress reporting on ({@code vips_image_set_progress}, vips/image.h); the
 * {@code VipsProgress} they carry names the evaluated image. Three GLib emission hooks
 * ({@code g_signal_add_emission_hook}, FFM upcalls) see every emission in the process:
 * {@code postbuild} of each {@code VipsObject} turns progress on for every image built on a
 * thread during an operation of a request, {@code preeval} and {@code posteval} report to the
 * stage. Evaluations run on the calling thread, so the thread tells which request and
 * operation they belong to; those on libvips' worker threads or outside a request are ignored
 * at once.
 *
 * <p>Installed once: at start if libvips is loaded then, else when a thread first starts image
 * work with a libvips call (which means libvips is loaded); never removed. Every upcall catches everything: an exception escaping an upcall would end the
 * process.
 */
final class EvaluationHook implements Runnable {
  /** {@code sizeof(GValue)}: a {@code GType} and two 8-byte data words (glib-object/gvalue.h). */
  private static final long GVALUE = 24;
  /** Where a {@code GValue} holding an object or pointer keeps it ({@code data[0].v_pointer}). */
  private static final long GVALUE_POINTER = 8;
  /** {@code VipsProgress}: {@code VipsImage *im} at 0, {@code gint64 tpels} at 16 (vips/image.h). */
  private static final long PROGRESS_SIZE = 48;
  private static final long PROGRESS_TPELS = 16;
  private static final FunctionDescriptor HOOK = FunctionDescriptor.of(ValueLayout.JAVA_INT,
      ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
  private static final MethodType HOOK_TYPE =
      MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class, MemorySegment.class);

  private final LoadedLibvips libvips;
  private final LoadedLibvips.Function imageType;
  private final LoadedLibvips.Function objectType;
  private final LoadedLibvips.Function classRef;
  private final LoadedLibvips.Function signalLookup;
  private final LoadedLibvips.Function addEmissionHook;
  private final LoadedLibvips.Function setProgress;
  private final LoadedLibvips.Function width;
  private final LoadedLibvips.Function height;
  private final LoadedLibvips.Function bands;
  private volatile boolean settled;

  EvaluationHook(LoadedLibvips libvips) {
    this.libvips = libvips;
    FunctionDescriptor type = FunctionDescriptor.of(ValueLayout.JAVA_LONG);
    FunctionDescriptor intOfImage = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
    imageType = libvips.function("vips_image_get_type", type);
    objectType = libvips.function("vips_object_get_type", type);
    classRef = libvips.function("g_type_class_ref", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    signalLookup = libvips.function("g_signal_lookup",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    addEmissionHook = libvips.function("g_signal_add_emission_hook", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    setProgress = libvips.function("vips_image_set_progress",
        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    width = libvips.function("vips_image_get_width", intOfImage);
    height = libvips.function("vips_image_get_height", intOfImage);
    bands = libvips.function("vips_image_get_bands", intOfImage);
  }

  /** Installs the hooks if libvips is loaded and they are not yet in. Never throws. */
  @Override
  public void run() {
    if (settled || !libvips.loadedNow()) {
      return;
    }
    synchronized (this) {
      if (settled) {
        return;
      }
      settled = true;
      try {
        install();
      } catch (Throwable e) {
        AgentLog.error("libvips:evaluation", "could not hook libvips' evaluation signals: no vips spans", e);
      }
    }
  }

  private void install() throws Throwable {
    for (LoadedLibvips.Function f : new LoadedLibvips.Function[] {
        imageType, objectType, classRef, signalLookup, addEmissionHook, setProgress, width, height, bands}) {
      if (f.handle() == null) {
        AgentLog.info("libvips evaluation spans are off: " + f.name() + " is missing");
        return;
      }
    }
    long vipsImageType = (long) imageType.handle().invokeExact();
    long vipsObjectType = (long) objectType.handle().invokeExact();
    // Signals exist once their class is initialised: take a (permanent) class reference.
    MemorySegment imageClass = (MemorySegment) classRef.handle().invokeExact(vipsImageType);
    Signals signals = new Signals(vipsImageType, setProgress.handle(), width.handle(), height.handle(), bands.handle());
    int postbuild = signal("postbuild", vipsObjectType);
    int preeval = signal("preeval", vipsImageType);
    int posteval = signal("posteval", vipsImageType);
    if (imageClass.address() == 0 || postbuild == 0 || preeval == 0 || posteval == 0) {
      AgentLog.info("libvips evaluation spans are off: libvips' postbuild, preeval or posteval signal is missing");
      return;
    }
    // In this order: an evaluation seen by posteval was seen by preeval.
    hook(signals, posteval, "posteval");
    hook(signals, preeval, "preeval");
    hook(signals, postbuild, "postbuild");
    AgentLog.info("libvips evaluation signals hooked: vips {operation} spans are on");
  }

  private int signal(String name, long type) throws Throwable {
    MemorySegment cName = Arena.global().allocateFrom(name);
    return (int) signalLookup.handle().invokeExact(cName, type);
  }

  private void hook(Signals signals, int signal, String method) throws Throwable {
    MethodHandle target = MethodHandles.lookup().findVirtual(Signals.class, method, HOOK_TYPE).bindTo(signals);
    MemorySegment stub = libvips.linker().upcallStub(target, HOOK, Arena.global());
    long id = (long) addEmissionHook.handle().invokeExact(signal, 0, stub, MemorySegment.NULL, MemorySegment.NULL);
    if (id == 0) {
      throw new IllegalStateException("g_signal_add_emission_hook refused the " + method + " hook");
    }
  }

  /**
   * The upcalls' targets, with what they need in final fields (visible to every thread that
   * runs an upcall).
   */
  private static final class Signals {
    private final long vipsImageType;
    private final MethodHandle setProgress;
    private final MethodHandle width;
    private final MethodHandle height;
    private final MethodHandle bands;

    Signals(long vipsImageType, MethodHandle setProgress, MethodHandle width, MethodHandle height,
        MethodHandle bands) {
      this.vipsImageType = vipsImageType;
      this.setProgress = setProgress;
      this.width = width;
      this.height = height;
      this.bands = bands;
    }

    /**
     * {@code postbuild} of any {@code VipsObject}: an image built during an operation of a
     * request gets progress reporting on; other objects (regions, operations) and images built
     * elsewhere (libvips' worker threads, outside requests) are left as they are.
     */
    private int postbuild(MemorySegment hint, int count, MemorySegment params, MemorySegment data) {
      try {
        MemorySegment object = params.reinterpret(GVALUE).get(ValueLayout.ADDRESS, GVALUE_POINTER);
        if (isImage(object) && ProcessingStage.inOperation()) {
          setProgress.invokeExact(object, 1);
        }
      } catch (Throwable e) {
        report(e);
      }
      return 1;
    }

    /** {@code preeval}: an evaluation starts on this thread. */
    private int preeval(MemorySegment hint, int count, MemorySegment params, MemorySegment data) {
      try {
        ProcessingStage.evaluationStart();
      } catch (Throwable e) {
        report(e);
      }
      return 1;
    }

    /** {@code posteval}: the evaluation ended; its {@code VipsProgress} names the image and its pixels. */
    private int posteval(MemorySegment hint, int count, MemorySegment params, MemorySegment data) {
      try {
        if (ProcessingStage.evaluating()) {
          MemorySegment progress = params.reinterpret(2 * GVALUE).get(ValueLayout.ADDRESS, GVALUE + GVALUE_POINTER)
              .reinterpret(PROGRESS_SIZE);
          MemorySegment image = progress.get(ValueLayout.ADDRESS, 0);
          long pixels = progress.get(ValueLayout.JAVA_LONG, PROGRESS_TPELS);
          ProcessingStage.evaluationEnd(pixels, (int) width.invokeExact(image),
              (int) height.invokeExact(image), (int) bands.invokeExact(image));
        }
      } catch (Throwable e) {
        report(e);
      }
      return 1;
    }

    /** Whether the GObject is exactly a {@code VipsImage}: its class's {@code GType}. */
    private boolean isImage(MemorySegment object) {
      if (object.address() == 0) {
        return false;
      }
      MemorySegment gClass = object.reinterpret(ValueLayout.ADDRESS.byteSize()).get(ValueLayout.ADDRESS, 0);
      return gClass.address() != 0 && gClass.reinterpret(8).get(ValueLayout.JAVA_LONG, 0) == vipsImageType;
    }
  }

  private static void report(Throwable e) {
    try {
      AgentLog.error("libvips:evaluation-hook", "a libvips evaluation signal could not be read", e);
    } catch (Throwable ignored) {
      // nothing may leave an upcall
    }
  }
}
