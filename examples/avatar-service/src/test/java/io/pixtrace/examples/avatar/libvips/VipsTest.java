package io.pixtrace.examples.avatar.libvips;

import io.pixtrace.examples.avatar.OriginServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VipsTest {

    @BeforeAll
    static void init() {
        Vips.init();
        Vips.init(); // idempotent
    }

    @Test
    void reportsTheInstalledVersion() {
        assertThat(Vips.version()).matches("8\\.\\d+\\.\\d+");
    }

    @ParameterizedTest
    @CsvSource({
        "/images/alice.jpg, 320, 320, 3, jpeg",
        "/images/bob.png, 256, 256, 4, png",
        "/images/carol.webp, 384, 384, 3, webp",
        "/images/mp.png, 256, 256, 3, png",
    })
    void probesTheBundledImages(String resource, int width, int height, int bands, String format) {
        byte[] image = OriginServer.demoImage(resource);

        assertThat(Vips.loaderFor(image)).isEqualTo(format);
        assertThat(Vips.probe(image)).isEqualTo(new ImageInfo(width, height, bands, format));
    }

    @Test
    void bundledImagesAreSmall() {
        long total = 0;
        for (String name : new String[] {"alice.jpg", "bob.png", "carol.webp", "mp.png"}) {
            total += OriginServer.demoImage("/images/" + name).length;
        }
        assertThat(total).isLessThan(400 * 1024);
    }

    @ParameterizedTest
    @CsvSource({
        "/images/alice.jpg, png, 80, png",
        "/images/alice.jpg, webp, 16, webp",
        "/images/bob.png, jpg, 200, jpeg",
        "/images/bob.png, jpeg, 1024, jpeg",
        "/images/carol.webp, png, 33, png",
    })
    void thumbnailsAreSquareAndInTheRequestedFormat(String resource, String format, int size, String decodedAs) {
        byte[] out = Vips.thumbnail(OriginServer.demoImage(resource), size, format);

        ImageInfo info = Vips.probe(out);
        assertThat(info.width()).isEqualTo(size);
        assertThat(info.height()).isEqualTo(size);
        assertThat(info.format()).isEqualTo(decodedAs);
    }

    @Test
    void keepsTransparencyInPng() {
        byte[] out = Vips.thumbnail(OriginServer.demoImage("/images/bob.png"), 64, "png");

        assertThat(Vips.probe(out).bands()).isEqualTo(4);
    }

    @Test
    void rendersSvg() {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">"
                + "<circle cx=\"20\" cy=\"20\" r=\"15\" fill=\"red\"/></svg>";
        byte[] out = Vips.thumbnail(svg.getBytes(StandardCharsets.UTF_8), 50, "png");

        assertThat(Vips.probe(out)).isEqualTo(new ImageInfo(50, 50, 4, "png"));
    }

    @Test
    void garbageIsNotAnImage() {
        byte[] garbage = "definitely not an image".getBytes(StandardCharsets.UTF_8);

        assertThat(Vips.loaderFor(garbage)).isNull();
        assertThatThrownBy(() -> Vips.probe(garbage))
                .isInstanceOf(CorruptImageException.class)
                .hasMessageContaining("not in a known format");
        assertThatThrownBy(() -> Vips.thumbnail(garbage, 80, "png"))
                .isInstanceOf(CorruptImageException.class);
        assertThatThrownBy(() -> Vips.probe(new byte[0])).isInstanceOf(CorruptImageException.class);
    }

    @Test
    void truncatedJpegIsCorruptAndTheErrorBufferIsClearedAfterwards() {
        byte[] truncated = Arrays.copyOf(OriginServer.demoImage("/images/alice.jpg"), 100);

        assertThat(Vips.loaderFor(truncated)).isEqualTo("jpeg");
        assertThatThrownBy(() -> Vips.thumbnail(truncated, 80, "png"))
                .isInstanceOf(CorruptImageException.class)
                .hasMessageContaining("JPEG");
        assertThat(vips_h.vips_error_buffer().getString(0)).isEmpty();
    }

    @Test
    void rejectsUnknownOutputFormats() {
        assertThatThrownBy(() -> Vips.thumbnail(OriginServer.demoImage("/images/bob.png"), 80, "gif"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Every call releases what libvips made for it, on success and on failure: libvips' own
     * counts of live objects, tracked memory, allocations and open files are back where they
     * were, and its error buffer is empty.
     */
    @Test
    void survivesManyCallsWithoutLeaking() {
        byte[] image = OriginServer.demoImage("/images/carol.webp");
        byte[] truncated = Arrays.copyOf(OriginServer.demoImage("/images/alice.jpg"), 100);
        Runnable calls = () -> {
            assertThat(Vips.thumbnail(image, 32, "webp")).isNotEmpty();
            assertThat(Vips.probe(image).width()).isEqualTo(384);
            assertThatThrownBy(() -> Vips.thumbnail(truncated, 32, "png")).isInstanceOf(CorruptImageException.class);
        };
        calls.run(); // first calls: libvips sets up what it keeps for the process (types, threads)
        VipsCounters.Snapshot before = VipsCounters.read();
        for (int i = 0; i < 50; i++) {
            calls.run();
        }
        VipsCounters.Snapshot after = VipsCounters.read();
        assertThat(after).isEqualTo(before);
        assertThat(vips_h.vips_error_buffer().getString(0)).isEmpty();

        // The counters do see what is alive: an image decoded and not yet released.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, image);
            MemorySegment decoded = vips_h.vips_image_new_from_buffer.makeInvoker(vips_h.C_POINTER)
                    .apply(buf, image.length, arena.allocateFrom(""), MemorySegment.NULL);
            assertThat(decoded).isNotEqualTo(MemorySegment.NULL);
            VipsCounters.Snapshot alive = VipsCounters.read();
            vips_h.g_object_unref(decoded);
            assertThat(alive.liveObjects()).isGreaterThan(before.liveObjects());
        }
        assertThat(VipsCounters.read()).isEqualTo(before);
    }

    /** The agent matches libvips calls by name, so the header class must keep jextract's shape. */
    @Test
    void headerClassHasJextractShape() throws Exception {
        for (String fn : new String[] {"vips_init", "vips_image_get_width", "vips_image_get_height",
                "g_object_unref", "g_free", "vips_error_buffer", "vips_error_clear",
                "vips_foreign_find_load_buffer"}) {
            Method call = Arrays.stream(vips_h.class.getMethods())
                    .filter(m -> m.getName().equals(fn)).findFirst().orElseThrow();
            assertThat(Modifier.isStatic(call.getModifiers())).as(fn).isTrue();
            assertThat(vips_h.class.getMethod(fn + "$descriptor").getReturnType()).isEqualTo(FunctionDescriptor.class);
            assertThat(vips_h.class.getMethod(fn + "$handle").getReturnType()).isEqualTo(MethodHandle.class);
            assertThat(vips_h.class.getMethod(fn + "$address").getReturnType()).isEqualTo(MemorySegment.class);
        }
        assertThat(vips_h.class.getMethod("vips_foreign_find_load_buffer", MemorySegment.class, long.class))
                .isNotNull();
        assertThat(vips_h.vips_image_get_width$address()).isNotEqualTo(MemorySegment.NULL);

        for (Class<?> invoker : new Class<?>[] {vips_h.vips_image_new_from_buffer.class,
                vips_h.vips_thumbnail_image.class, vips_h.vips_image_write_to_buffer.class}) {
            assertThat(Modifier.isPublic(invoker.getModifiers()) && Modifier.isStatic(invoker.getModifiers()))
                    .as(invoker.getName()).isTrue();
            Method factory = invoker.getMethod("makeInvoker", MemoryLayout[].class);
            assertThat(factory.getReturnType()).isEqualTo(invoker);
            Method apply = Arrays.stream(invoker.getMethods())
                    .filter(m -> m.getName().equals("apply")).findFirst().orElseThrow();
            assertThat(apply.isVarArgs()).isTrue();
        }
        assertThat(vips_h.vips_thumbnail_image.class.getMethod("apply",
                MemorySegment.class, MemorySegment.class, int.class, Object[].class)).isNotNull();
        assertThat(vips_h.vips_image_write_to_buffer.class.getMethod("apply", MemorySegment.class,
                MemorySegment.class, MemorySegment.class, MemorySegment.class, Object[].class)).isNotNull();
    }
}
