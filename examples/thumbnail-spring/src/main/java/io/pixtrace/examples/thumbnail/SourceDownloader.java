package io.pixtrace.examples.thumbnail;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Downloads source images with Spring's {@link RestClient}, over either of two request
 * factories: {@link JdkClientHttpRequestFactory} ({@code java.net.http.HttpClient}, the
 * default) or {@link SimpleClientHttpRequestFactory} ({@code HttpURLConnection}).
 */
public final class SourceDownloader {
  /** Which request factory a download goes through. */
  public enum Client {
    /** {@code java.net.http.HttpClient}, through {@link JdkClientHttpRequestFactory}. */
    JDK,
    /** {@code java.net.HttpURLConnection}, through {@link SimpleClientHttpRequestFactory}. */
    URL;

    /**
     * {@code jdk} or {@code url}, any case.
     *
     * @throws ThumbnailException 400 for anything else
     */
    public static Client parse(String name) {
      return switch (name == null ? "jdk" : name.toLowerCase(Locale.ROOT)) {
        case "jdk" -> JDK;
        case "url" -> URL;
        default -> throw new ThumbnailException(400, "client must be jdk or url, got '" + name + "'");
      };
    }
  }

  private final RestClient jdk;
  private final RestClient url;
  private final int maxBytes;

  /**
   * @param timeout connect and read timeout of one download
   * @param maxBytes the largest source accepted, in bytes
   */
  public SourceDownloader(Duration timeout, int maxBytes) {
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    JdkClientHttpRequestFactory jdkFactory = new JdkClientHttpRequestFactory(http);
    jdkFactory.setReadTimeout(timeout);
    SimpleClientHttpRequestFactory urlFactory = new SimpleClientHttpRequestFactory();
    urlFactory.setConnectTimeout(timeout);
    urlFactory.setReadTimeout(timeout);
    this.jdk = RestClient.builder().requestFactory(jdkFactory).build();
    this.url = RestClient.builder().requestFactory(urlFactory).build();
    this.maxBytes = maxBytes;
  }

  /**
   * Downloads {@code source} (an absolute {@code http} or {@code https} URL).
   *
   * @return the body, at most {@code maxBytes} long
   * @throws ThumbnailException 400 for a URL that is not absolute http(s); 404 when the origin
   *     answers 404 or 410; 502 for another non-2xx answer, a refused or broken connection, or
   *     a body above the limit; 504 when the origin is too slow
   */
  public byte[] download(String source, Client client) {
    URI uri = parseUrl(source);
    try {
      return (client == Client.URL ? url : jdk).get()
          .uri(uri)
          .accept(MediaType.parseMediaType("image/*"))
          .exchange((request, response) -> {
            int status = response.getStatusCode().value();
            if (status == 404 || status == 410) {
              throw new ThumbnailException(404, "source image not found (origin answered " + status + ")");
            }
            if (status < 200 || status > 299) {
              throw new ThumbnailException(502, "origin answered " + status);
            }
            try (InputStream in = response.getBody()) {
              byte[] body = in.readNBytes(maxBytes + 1);
              if (body.length > maxBytes) {
                throw new ThumbnailException(502, "source image larger than " + maxBytes + " bytes");
              }
              return body;
            }
          });
    } catch (ResourceAccessException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
        throw new ThumbnailException(504, "origin timed out", e);
      }
      throw new ThumbnailException(502, "origin unreachable", e);
    }
  }

  private static URI parseUrl(String source) {
    if (source == null || source.isBlank()) {
      throw new ThumbnailException(400, "url is required");
    }
    try {
      URI uri = new URI(source);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ThumbnailException(400, "url must be an absolute http or https URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new ThumbnailException(400, "url is malformed", e);
    }
  }
}
