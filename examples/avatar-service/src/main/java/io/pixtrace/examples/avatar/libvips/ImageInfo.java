package io.pixtrace.examples.avatar.libvips;

/**
 * Header facts about a decodable image.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param bands  number of bands (3 = RGB, 4 = RGB with alpha, ...)
 * @param format source format as named by its libvips loader: {@code jpeg}, {@code png}, ...
 */
public record ImageInfo(int width, int height, int bands, String format) {
}
