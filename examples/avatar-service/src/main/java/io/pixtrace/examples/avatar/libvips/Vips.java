package io.pixtrace.examples.avatar.libvips;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

import static io.pixtrace.examples.avatar.libvips.vips_h.C_INT;
import static io.pixtrace.examples.avatar.libvips.vips_h.C_LONG;
import static io.pixtrace.examples.avatar.libvips.vips_h.C_POINTER;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Small, memory-safe wrapper over {@link vips_h}: every call copies its input into a confined
 * arena, releases every libvips object it creates and copies results back onto the Java heap.
 * Thread-safe; call {@link #init()} once before anything else.
 */
@SuppressWarnings("restricted")
public final class Vips {

    // One invoker per variadic call shape we use; the trailing NULL ends each option list.
    private static final vips_h.vips_image_new_from_buffer NEW_FROM_BUFFER =
            vips_h.vips_image_new_from_buffer.makeInvoker(C_POINTER);
    private static final vips_h.vips_thumbnail_image THUMBNAIL_IMAGE =
            vips_h.vips_thumbnail_image.makeInvoker(C_POINTER, C_INT, C_POINTER, C_INT, C_POINTER);
    private static final vips_h.vips_image_write_to_buffer WRITE_TO_BUFFER =
            vips_h.vips_image_write_to_buffer.makeInvoker(C_POINTER);

    private static final Arena STRINGS = Arena.global();
    private static final MemorySegment EMPTY = STRINGS.allocateFrom("");
    private static final MemorySegment HEIGHT = STRINGS.allocateFrom("height");
    private static final MemorySegment CROP = STRINGS.allocateFrom("crop");

    private static boolean initialised;

    private Vips() {
    }

    /**
     * Starts libvips once per process and disables its operation cache (the service never
     * repeats an operation on the same image, and cached images could outlive our buffers).
     *
     * @throws VipsException if libvips cannot start
     */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            if (vips_h.vips_init(arena.allocateFrom("avatar-service")) != 0) {
                throw new VipsException("vips_init failed: " + takeError());
            }
        }
        vips_h.vips_cache_set_max(0);
        initialised = true;
    }

    /** Returns the libvips version as {@code major.minor.micro}. */
    public static String version() {
        return vips_h.vips_version(0) + "." + vips_h.vips_version(1) + "." + vips_h.vips_version(2);
    }

    /**
     * Sniffs the format of {@code data} without decoding it.
     *
     * @return the format name of the matching loader ({@code jpeg}, {@code png}, {@code webp},
     *     {@code gif}, {@code svg}, ...), or {@code null} if no loader recognises the bytes
     */
    public static String loaderFor(byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, data);
            MemorySegment name = vips_h.vips_foreign_find_load_buffer(buf, data.length);
            if (name.equals(MemorySegment.NULL)) {
                vips_h.vips_error_clear();
                return null;
            }
            return formatName(name.getString(0));
        }
    }

    /**
     * Checks that {@code data} is an image libvips can decode and reads its header.
     *
     * @throws CorruptImageException if the bytes do not decode
     */
    public static ImageInfo probe(byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, data);
            MemorySegment name = vips_h.vips_foreign_find_load_buffer(buf, data.length);
            if (name.equals(MemorySegment.NULL)) {
                throw new CorruptImageException(takeError());
            }
            String format = formatName(name.getString(0));
            MemorySegment image = decode(buf, data.length);
            try {
                return new ImageInfo(vips_h.vips_image_get_width(image),
                        vips_h.vips_image_get_height(image), vips_h.vips_image_get_bands(image), format);
            } finally {
                vips_h.g_object_unref(image);
            }
        }
    }

    /**
     * Decodes {@code input}, scales and centre-crops it to exactly {@code size}×{@code size}
     * pixels and encodes it.
     *
     * @param input  encoded source image (any format libvips can load)
     * @param size   edge length of the square output, in pixels
     * @param format output format: {@code png}, {@code jpg} (or {@code jpeg}) or {@code webp}
     * @return the encoded thumbnail
     * @throws CorruptImageException if {@code input} does not decode
     * @throws VipsException         if scaling or encoding fails
     */
    public static byte[] thumbnail(byte[] input, int size, String format) {
        String suffix = suffixFor(format);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, input);
            MemorySegment in = decode(buf, input.length);
            MemorySegment out = MemorySegment.NULL;
            try {
                MemorySegment outPtr = arena.allocate(C_POINTER);
                if (THUMBNAIL_IMAGE.apply(in, outPtr, size, HEIGHT, size, CROP,
                        vips_h.VIPS_INTERESTING_CENTRE(), MemorySegment.NULL) != 0) {
                    throw new VipsException("thumbnail failed: " + takeError());
                }
                out = outPtr.get(C_POINTER, 0);
                return encode(arena, out, suffix);
            } finally {
                if (!out.equals(MemorySegment.NULL)) {
                    vips_h.g_object_unref(out);
                }
                vips_h.g_object_unref(in);
            }
        }
    }

    /** Maps a format name to the libvips save suffix, with the service's quality settings. */
    static String suffixFor(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "png" -> ".png";
            case "jpg", "jpeg" -> ".jpg[Q=85]";
            case "webp" -> ".webp[Q=80]";
            default -> throw new IllegalArgumentException("unsupported output format: " + format);
        };
    }

    private static MemorySegment decode(MemorySegment buf, long length) {
        MemorySegment image = NEW_FROM_BUFFER.apply(buf, length, EMPTY, MemorySegment.NULL);
        if (image.equals(MemorySegment.NULL)) {
            throw new CorruptImageException(takeError());
        }
        return image;
    }

    private static byte[] encode(Arena arena, MemorySegment image, String suffix) {
        MemorySegment bufPtr = arena.allocate(C_POINTER);
        MemorySegment lenPtr = arena.allocate(C_LONG);
        if (WRITE_TO_BUFFER.apply(image, arena.allocateFrom(suffix), bufPtr, lenPtr,
                MemorySegment.NULL) != 0) {
            throw new VipsException("encoding to " + suffix + " failed: " + takeError());
        }
        MemorySegment encoded = bufPtr.get(C_POINTER, 0);
        try {
            long length = lenPtr.get(C_LONG, 0);
            return encoded.reinterpret(length).toArray(JAVA_BYTE);
        } finally {
            vips_h.g_free(encoded);
        }
    }

    /** Reads and clears libvips' (process-wide) error buffer. */
    private static String takeError() {
        String text = vips_h.vips_error_buffer().getString(0).strip();
        vips_h.vips_error_clear();
        return text.isEmpty() ? "unknown libvips error" : text;
    }

    /** Turns a loader type name such as {@code VipsForeignLoadJpegBuffer} into {@code jpeg}. */
    private static String formatName(String loaderType) {
        String name = loaderType;
        if (name.startsWith("VipsForeignLoad")) {
            name = name.substring("VipsForeignLoad".length());
        }
        if (name.endsWith("Buffer")) {
            name = name.substring(0, name.length() - "Buffer".length());
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
