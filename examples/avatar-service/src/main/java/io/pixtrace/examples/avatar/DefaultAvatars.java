package io.pixtrace.examples.avatar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code d=} fallbacks used when no avatar exists for a hash: the bundled "mystery person"
 * image, a deterministic identicon and a transparent blank. The generated ones are SVG documents
 * for libvips (librsvg) to render, so they go through the same thumbnail path as real avatars.
 */
public final class DefaultAvatars {

    /** What to answer when a hash has no avatar. */
    public enum Kind {
        /** Answer 404 (the default). */
        NOT_FOUND,
        /** The grey "mystery person" silhouette. */
        MYSTERY_PERSON,
        /** A symmetric 5×5 pattern coloured from the hash. */
        IDENTICON,
        /** A fully transparent square. */
        BLANK;

        /** Parses a {@code d} value ({@code 404}, {@code mp}/{@code mm}, {@code identicon}, {@code blank}). */
        public static Optional<Kind> parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "404" -> Optional.of(NOT_FOUND);
                case "mp", "mm" -> Optional.of(MYSTERY_PERSON);
                case "identicon" -> Optional.of(IDENTICON);
                case "blank" -> Optional.of(BLANK);
                default -> Optional.empty();
            };
        }
    }

    private static final byte[] MYSTERY_PERSON = resource("/images/mp.png");

    private DefaultAvatars() {
    }

    /** The bundled 256×256 PNG "mystery person" image. */
    public static byte[] mysteryPerson() {
        return MYSTERY_PERSON.clone();
    }

    /**
     * Draws the identicon for {@code hash} as an SVG document of {@code size}×{@code size} pixels.
     * The same hash always gives the same picture.
     *
     * @param hash at least 8 hex digits (an MD5 or SHA-256 hex digest)
     * @param size edge length in pixels
     */
    public static String identiconSvg(String hash, int size) {
        byte[] bits = HexFormat.of().parseHex(hash.substring(0, hash.length() & ~1));
        int hue = ((bits[0] & 0xff) << 8 | (bits[1] & 0xff)) % 360;
        String colour = hslToHex(hue, 0.55, 0.5);
        StringBuilder svg = new StringBuilder(1024)
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size)
                .append("\" height=\"").append(size)
                .append("\" viewBox=\"0 0 6 6\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"6\" height=\"6\" fill=\"#f0f0f0\"/><g fill=\"").append(colour).append("\">");
        // 5 rows x 3 columns of bits, mirrored to 5x5; one bit per cell from bytes 2.. of the hash.
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 3; col++) {
                int bit = row * 3 + col;
                if ((bits[2 + bit / 8] >> (bit % 8) & 1) == 1) {
                    cell(svg, col, row);
                    if (col != 2) {
                        cell(svg, 4 - col, row);
                    }
                }
            }
        }
        return svg.append("</g></svg>").toString();
    }

    /** A transparent {@code size}×{@code size} SVG document. */
    public static String blankSvg(int size) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + size + "\" height=\"" + size
                + "\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\" fill-opacity=\"0\"/></svg>";
    }

    private static void cell(StringBuilder svg, int col, int row) {
        svg.append("<rect x=\"").append(col + 0.5).append("\" y=\"").append(row + 0.5)
                .append("\" width=\"1\" height=\"1\"/>");
    }

    private static String hslToHex(int hue, double saturation, double lightness) {
        double c = (1 - Math.abs(2 * lightness - 1)) * saturation;
        double x = c * (1 - Math.abs((hue / 60.0) % 2 - 1));
        double m = lightness - c / 2;
        double[] rgb = switch (hue / 60) {
            case 0 -> new double[] {c, x, 0};
            case 1 -> new double[] {x, c, 0};
            case 2 -> new double[] {0, c, x};
            case 3 -> new double[] {0, x, c};
            case 4 -> new double[] {x, 0, c};
            default -> new double[] {c, 0, x};
        };
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round((rgb[0] + m) * 255),
                Math.round((rgb[1] + m) * 255), Math.round((rgb[2] + m) * 255));
    }

    static byte[] resource(String path) {
        try (InputStream in = DefaultAvatars.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
