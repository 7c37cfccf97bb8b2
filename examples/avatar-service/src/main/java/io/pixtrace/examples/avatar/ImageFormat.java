package io.pixtrace.examples.avatar;

import java.util.Locale;
import java.util.Optional;

/** Output formats the service can produce, with their HTTP content types. */
public enum ImageFormat {
    /** PNG, lossless, keeps transparency. */
    PNG("png", "image/png"),
    /** JPEG at quality 85; transparency is flattened by libvips. */
    JPG("jpg", "image/jpeg"),
    /** WebP at quality 80, keeps transparency. */
    WEBP("webp", "image/webp");

    private final String extension;
    private final String contentType;

    ImageFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The name libvips' wrapper and the {@code f} query parameter use: png, jpg or webp. */
    public String extension() {
        return extension;
    }

    /** The MIME type sent as {@code Content-Type}. */
    public String contentType() {
        return contentType;
    }

    /** Parses a format name ({@code png}, {@code jpg}, {@code jpeg}, {@code webp}; any case). */
    public static Optional<ImageFormat> parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "png" -> Optional.of(PNG);
            case "jpg", "jpeg" -> Optional.of(JPG);
            case "webp" -> Optional.of(WEBP);
            default -> Optional.empty();
        };
    }
}
