package io.pixtrace.examples.thumbnail;

import java.net.InetAddress;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.util.unit.DataSize;

/**
 * The thumbnail service: a Spring Boot application (Spring MVC on embedded Tomcat) with one
 * endpoint, {@code GET /thumbnail/{size}?url=...}, that downloads a source image with Spring's
 * {@code RestClient} and answers a thumbnail made with Thumbnailator and ImageIO. It has no
 * OpenTelemetry code: the Pixtrace agent instruments it from the outside.
 */
@SpringBootApplication
public class ThumbnailApplication {
  /** Starts the service; Spring Boot's usual command-line and environment settings apply. */
  public static void main(String[] args) {
    SpringApplication.run(ThumbnailApplication.class, args);
  }

  /**
   * The downloader, with the connect/read timeout of one download
   * ({@code thumbnail.download-timeout}) and the largest accepted source
   * ({@code thumbnail.max-source-size}).
   */
  @Bean
  SourceDownloader sourceDownloader(
      @Value("${thumbnail.download-timeout:3s}") Duration timeout,
      @Value("${thumbnail.max-source-size:10MB}") DataSize maxSourceSize) {
    return new SourceDownloader(timeout, Math.toIntExact(maxSourceSize.toBytes()));
  }

  /**
   * Prints {@code thumbnail-spring listening on http://HOST:PORT} on standard output once
   * Tomcat is bound (the real port, also with {@code SERVER_PORT=0}); scripts and tests wait
   * for that line.
   */
  @EventListener
  public void listening(WebServerInitializedEvent event) {
    String address = event.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
    try {
      if (InetAddress.getByName(address).isAnyLocalAddress()) {
        address = "127.0.0.1";
      }
    } catch (java.net.UnknownHostException e) {
      // print what was configured
    }
    String host = address.contains(":") ? "[" + address + "]" : address;
    System.out.println("thumbnail-spring listening on http://" + host + ":" + event.getWebServer().getPort());
  }
}
