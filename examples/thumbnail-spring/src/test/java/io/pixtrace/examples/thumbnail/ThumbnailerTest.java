package io.pixtrace.examples.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Sizes, formats and thumbnails, without Spring. */
class ThumbnailerTest {
  private static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillOval(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static BufferedImage decode(byte[] bytes) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void sizes() {
    assertThat(ThumbnailSize.parse("128")).isEqualTo(new ThumbnailSize(128, 128));
    assertThat(ThumbnailSize.parse("160x90")).isEqualTo(new ThumbnailSize(160, 90));
    for (String bad : new String[] {"", "0", "x10", "10x", "2049", "abc", "-5", "10x0"}) {
      assertThatThrownBy(() -> ThumbnailSize.parse(bad)).as(bad)
          .isInstanceOfSatisfying(ThumbnailException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }

  @Test
  void formats() {
    assertThat(Thumbnailer.format(null)).isEqualTo("png");
    assertThat(Thumbnailer.format("JPG")).isEqualTo("jpeg");
    assertThatThrownBy(() -> Thumbnailer.format("gif")).isInstanceOf(ThumbnailException.class);
    assertThatThrownBy(() -> SourceDownloader.Client.parse("okhttp")).isInstanceOf(ThumbnailException.class);
    assertThat(SourceDownloader.Client.parse(null)).isEqualTo(SourceDownloader.Client.JDK);
  }

  @Test
  void fitsInsideTheBoxKeepingTheAspectRatio() throws Exception {
    BufferedImage png = decode(Thumbnailer.thumbnail(png(400, 200), new ThumbnailSize(100, 100), "png"));
    assertThat(png.getWidth()).isEqualTo(100);
    assertThat(png.getHeight()).isEqualTo(50);
    BufferedImage jpeg = decode(Thumbnailer.thumbnail(png(200, 400), new ThumbnailSize(64, 64), "jpeg"));
    assertThat(jpeg.getWidth()).isEqualTo(32);
    assertThat(jpeg.getHeight()).isEqualTo(64);
  }

  @Test
  void whatDoesNotDecodeIs422() {
    assertThatThrownBy(() -> Thumbnailer.thumbnail("<svg/>".getBytes(StandardCharsets.UTF_8), new ThumbnailSize(8, 8), "png"))
        .isInstanceOfSatisfying(ThumbnailException.class, e -> assertThat(e.status()).isEqualTo(422));
  }

  @Test
  void onlyAbsoluteHttpUrlsAreFetched() {
    SourceDownloader downloader = new SourceDownloader(java.time.Duration.ofSeconds(1), 1024);
    for (String bad : new String[] {null, "", "file:///etc/passwd", "/relative.jpg", "http://"}) {
      assertThatThrownBy(() -> downloader.download(bad, SourceDownloader.Client.JDK)).as(String.valueOf(bad))
          .isInstanceOfSatisfying(ThumbnailException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }
}
