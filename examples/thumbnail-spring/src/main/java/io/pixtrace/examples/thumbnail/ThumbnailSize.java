package io.pixtrace.examples.thumbnail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounding box of a thumbnail, from the path segment {@code N} (N×N) or {@code WxH}, each
 * side 1 to {@value #MAX} pixels. The image is scaled to fit inside, keeping its aspect ratio.
 *
 * @param width box width in pixels
 * @param height box height in pixels
 */
public record ThumbnailSize(int width, int height) {
  /** The largest side accepted, in pixels. */
  public static final int MAX = 2048;

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,5})(?:x([0-9]{1,5}))?");

  /**
   * Parses {@code 128} or {@code 160x90}.
   *
   * @throws ThumbnailException 400 when the text is not a size or a side is out of range
   */
  public static ThumbnailSize parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new ThumbnailException(400, "size must be N or WxH (pixels), got '" + text + "'");
    }
    int width = Integer.parseInt(m.group(1));
    int height = m.group(2) == null ? width : Integer.parseInt(m.group(2));
    if (width < 1 || height < 1 || width > MAX || height > MAX) {
      throw new ThumbnailException(400, "each side must be from 1 to " + MAX + " pixels");
    }
    return new ThumbnailSize(width, height);
  }
}
