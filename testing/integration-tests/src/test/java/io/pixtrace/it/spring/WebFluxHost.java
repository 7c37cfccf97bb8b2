package io.pixtrace.it.spring;

import io.pixtrace.it.app.ImageApp;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServer;

/**
 * {@link ImageApp}'s cases as a Spring WebFlux 6.2 controller on Reactor Netty: downloads with
 * {@code WebClient}; {@code sync} makes the thumbnail on the thread the body arrives on,
 * {@code chain} on the app's bounded pool ({@code publishOn} a scheduler over it), {@code later}
 * after {@code Mono.delay} on {@code boundedElastic}; an origin 404 answers 404; {@code throw}
 * throws from the controller (Spring answers 500); {@code never} never answers. Routes are
 * Spring's patterns ({@code /chain/{name}}).
 */
public final class WebFluxHost {
  private WebFluxHost() {}

  public static void main(String[] args) throws Exception {
    AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(Config.class);
    ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(spring).build());
    var server = HttpServer.create().host("127.0.0.1").port(0).handle(adapter).bindNow();
    System.out.println("server-host listening on http://127.0.0.1:" + server.port() + " (webflux)");
    server.onDispose().block();
  }

  /** WebFlux and the controller. */
  @Configuration
  @EnableWebFlux
  public static class Config {
    @Bean
    public ImageController imageController() {
      return new ImageController();
    }

    @Bean
    public WebHandlerName webHandler() {
      return new WebHandlerName();
    }
  }

  /** The {@code DispatcherHandler} under the name {@code WebHttpHandlerBuilder} looks for. */
  public static class WebHandlerName extends org.springframework.web.reactive.DispatcherHandler {
  }

  /** The cases. */
  @RestController
  public static class ImageController {
    private final ImageApp app = ImageApp.get();
    private final URI origin = URI.create(System.getProperty("imageapp.origin"));
    private final WebClient client = WebClient.create();
    private final Scheduler pool = Schedulers.fromExecutorService(app.pool(), "image-pool");

    private Mono<byte[]> download(String name) {
      return client.get().uri(origin.resolve(name)).retrieve().bodyToMono(byte[].class);
    }

    @GetMapping("/sync/{name}")
    public Mono<String> sync(@PathVariable("name") String name) {
      return download(name).map(ImageApp::process);
    }

    @GetMapping("/chain/{name}")
    public Mono<ResponseEntity<String>> chain(@PathVariable("name") String name) {
      return download(name).publishOn(pool).map(ImageApp::process).map(ResponseEntity::ok)
          .onErrorResume(WebClientResponseException.class,
              e -> Mono.just(ResponseEntity.status(404).body("origin answered " + e.getStatusCode().value())));
    }

    @GetMapping("/later/{name}")
    public Mono<String> later(@PathVariable("name") String name) {
      return Mono.delay(Duration.ofMillis(100)).then(download(name)).publishOn(Schedulers.boundedElastic()).map(ImageApp::process);
    }

    @GetMapping("/error/{name}")
    public ResponseEntity<String> error(@PathVariable("name") String name) {
      return ResponseEntity.status(500).body("error");
    }

    @GetMapping("/throw/{name}")
    public Mono<String> thrown(@PathVariable("name") String name) {
      throw new IllegalStateException("boom");
    }

    @GetMapping("/full/{name}")
    public ResponseEntity<String> full(@PathVariable("name") String name) {
      try {
        app.submitToFullPool(() -> { });
        return ResponseEntity.ok("never");
      } catch (RejectedExecutionException e) {
        return ResponseEntity.status(503).body("busy");
      }
    }

    @GetMapping("/never/{name}")
    public Mono<String> never(@PathVariable("name") String name) {
      return Mono.never();
    }

    @GetMapping("/health/{name}")
    public String health(@PathVariable("name") String name) {
      return "ok";
    }
  }
}
