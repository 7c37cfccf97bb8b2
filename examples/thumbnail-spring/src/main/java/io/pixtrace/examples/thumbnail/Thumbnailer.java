package io.pixtrace.examples.thumbnail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Makes thumbnails: decodes with {@link ImageIO#read(java.io.InputStream)}, scales with
 * Thumbnailator (fit inside the box, aspect ratio kept, never larger than the source box) and
 * encodes with {@link ImageIO#write(java.awt.image.RenderedImage, String, java.io.OutputStream)}.
 */
public final class Thumbnailer {
  /** Output formats, as ImageIO names them. */
  public static final Set<String> FORMATS = Set.of("png", "jpeg");

  private Thumbnailer() {}

  /**
   * The normalised output format for a request's {@code format} parameter.
   *
   * @throws ThumbnailException 400 for anything but {@code png}, {@code jpg}, {@code jpeg}
   */
  public static String format(String requested) {
    String f = requested == null ? "png" : requested.toLowerCase(Locale.ROOT);
    f = f.equals("jpg") ? "jpeg" : f;
    if (!FORMATS.contains(f)) {
      throw new ThumbnailException(400, "format must be png or jpeg, got '" + requested + "'");
    }
    return f;
  }

  /**
   * Scales {@code source} (encoded image bytes) into {@code size} and encodes it as {@code format}.
   *
   * @throws ThumbnailException 422 when the source does not decode with ImageIO
   */
  public static byte[] thumbnail(byte[] source, ThumbnailSize size, String format) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(source));
    } catch (IOException | RuntimeException e) {
      throw new ThumbnailException(422, "source image does not decode: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new ThumbnailException(422, "source is not an image ImageIO can decode");
    }
    try {
      Thumbnails.Builder<BufferedImage> b = Thumbnails.of(image).size(size.width(), size.height());
      if (format.equals("jpeg")) {
        b.imageType(BufferedImage.TYPE_INT_RGB); // JPEG has no alpha channel
      }
      BufferedImage thumbnail = b.asBufferedImage();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(thumbnail, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
