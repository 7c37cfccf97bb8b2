package io.pixtrace.examples.thumbnail;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /thumbnail/{size}?url=SOURCE&format=png|jpeg&client=jdk|url}: downloads
 * {@code SOURCE} and answers its thumbnail (see {@link ThumbnailSize}, {@link Thumbnailer},
 * {@link SourceDownloader}). Failures become short text answers ({@link ErrorAnswers}).
 */
@RestController
public class ThumbnailController {
  private final SourceDownloader downloader;

  /** @param downloader the source downloader bean */
  public ThumbnailController(SourceDownloader downloader) {
    this.downloader = downloader;
  }

  /** The thumbnail, {@code 200} with {@code image/png} or {@code image/jpeg}. */
  @GetMapping("/thumbnail/{size}")
  public ResponseEntity<byte[]> thumbnail(
      @PathVariable String size,
      @RequestParam(required = false) String url,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String client) {
    ThumbnailSize box = ThumbnailSize.parse(size);
    String outputFormat = Thumbnailer.format(format);
    SourceDownloader.Client via = SourceDownloader.Client.parse(client);
    byte[] source = downloader.download(url, via);
    byte[] thumbnail = Thumbnailer.thumbnail(source, box, outputFormat);
    return ResponseEntity.ok()
        .contentType(outputFormat.equals("png") ? MediaType.IMAGE_PNG : MediaType.IMAGE_JPEG)
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
        .body(thumbnail);
  }

  /** {@code 200 ok}, for load balancers and scripts. */
  @GetMapping("/health")
  public String health() {
    return "ok";
  }
}
