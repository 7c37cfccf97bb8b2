package io.pixtrace.it.spring;

import io.pixtrace.it.app.ImageApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@link ImageApp}'s cases as a Spring MVC 6.2 controller on embedded Tomcat 10.1, answering
 * with Spring MVC's four async return types: {@code sync} streams its thumbnail
 * ({@code StreamingResponseBody}), {@code chain} returns the {@code CompletableFuture},
 * {@code later} a {@code DeferredResult} set 100 ms later by another thread, {@code error} a
 * {@code Callable}. The async work runs on a {@code ThreadPoolTaskExecutor}, as Spring Boot
 * configures it; routes are Spring's patterns ({@code /chain/{name}}).
 */
public final class SpringMvcHost {
  private SpringMvcHost() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("pixtrace-spring-mvc");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    Connector connector = tomcat.getConnector();
    connector.setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", base.toString());
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(Config.class);
    Wrapper dispatcher = Tomcat.addServlet(context, "dispatcher", new DispatcherServlet(spring));
    dispatcher.setAsyncSupported(true);
    dispatcher.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "dispatcher");
    tomcat.start();
    System.out.println("server-host listening on http://127.0.0.1:" + connector.getLocalPort() + " (spring mvc)");
    tomcat.getServer().await();
  }

  /** Spring MVC with its async work on a thread pool. */
  @Configuration
  @EnableWebMvc
  public static class Config implements WebMvcConfigurer {
    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
      ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
      executor.setCorePoolSize(8);
      executor.setThreadNamePrefix("mvc-async-");
      executor.initialize();
      configurer.setTaskExecutor(executor);
    }

    @Bean
    public ImageController imageController() {
      return new ImageController();
    }
  }

  /** The cases. */
  @RestController
  public static class ImageController {
    private final ImageApp app = ImageApp.get();

    @GetMapping("/sync/{name}")
    public ResponseEntity<StreamingResponseBody> sync(@PathVariable("name") String name) {
      return ResponseEntity.ok().header("Content-Type", "text/plain")
          .body(out -> out.write(ImageApp.bytes(app.thumbnail(name))));
    }

    @GetMapping("/chain/{name}")
    public CompletableFuture<ResponseEntity<String>> chain(@PathVariable("name") String name) {
      return app.chain(name).handle((body, failure) -> {
        if (failure == null) {
          return ResponseEntity.ok(body);
        }
        Throwable cause = ImageApp.unwrap(failure);
        return cause instanceof ImageApp.NotFound
            ? ResponseEntity.status(404).body("origin answered " + ((ImageApp.NotFound) cause).status)
            : ResponseEntity.status(502).body(String.valueOf(cause));
      });
    }

    @GetMapping("/later/{name}")
    public DeferredResult<String> later(@PathVariable("name") String name) {
      DeferredResult<String> result = new DeferredResult<>();
      app.schedule(() -> result.setResult(app.thumbnail(name)), 100);
      return result;
    }

    @GetMapping("/error/{name}")
    public Callable<ResponseEntity<String>> error(@PathVariable("name") String name) {
      return () -> ResponseEntity.status(500).body("error");
    }

    @GetMapping("/throw/{name}")
    public String thrown(@PathVariable("name") String name) {
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

    /** A result nobody sets, with no timeout of its own (0: the container's is switched off). */
    @GetMapping("/never/{name}")
    public DeferredResult<String> never(@PathVariable("name") String name) {
      return new DeferredResult<>(0L);
    }

    @GetMapping("/health/{name}")
    public String health(@PathVariable("name") String name) {
      return "ok";
    }
  }
}
