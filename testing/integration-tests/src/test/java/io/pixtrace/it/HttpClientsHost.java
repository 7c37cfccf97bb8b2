package io.pixtrace.it;

import com.sun.net.httpserver.HttpServer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * An image service that knows nothing of the agent (JDK 17 code): {@code GET /dl/{client}/{hash}}
 * downloads {@code {origin}/{hash}} with the named client and answers with the origin's
 * status and body. Clients: {@code url} ({@code HttpURLConnection.getResponseCode}),
 * {@code openstream} ({@code URL.openStream}), {@code apache} (classic, response handler),
 * {@code apache-async} ({@code FutureCallback}), {@code apache-future} (no callback,
 * {@code Future.get}), {@code okhttp} ({@code execute}), {@code okhttp-async} ({@code enqueue}),
 * {@code jdk} ({@code HttpClient.send}), {@code jdk-async} ({@code sendAsync}), {@code webclient}
 * (Spring's {@code WebClient} on Reactor Netty, {@code exchangeToMono}, blocking). Every client
 * follows redirects and gives up reading after 500 ms; {@code /dl/{client}/refused} downloads
 * from a closed port (the second argument). A failed download answers 502 with the exception's
 * class name.
 */
public final class HttpClientsHost {
  private HttpClientsHost() {}

  private static final class Result {
    final int status;
    final byte[] body;

    Result(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }
  }

  private static CloseableHttpClient apache;
  private static CloseableHttpAsyncClient apacheAsync;
  private static OkHttpClient okhttp;

  /** Every client's read (response) timeout: shorter than the origin's slow answers. */
  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

  private static java.net.http.HttpClient jdk;
  private static org.springframework.web.reactive.function.client.WebClient webClient;

  public static void main(String[] args) throws Exception {
    String origin = args[0];
    String refused = "http://127.0.0.1:" + args[1] + "/refused";
    apache = HttpClients.custom().setDefaultRequestConfig(RequestConfig.custom()
        .setResponseTimeout(Timeout.of(READ_TIMEOUT)).build()).build();
    apacheAsync = HttpAsyncClients.custom().setDefaultRequestConfig(RequestConfig.custom()
        .setResponseTimeout(Timeout.of(READ_TIMEOUT)).build()).build();
    apacheAsync.start();
    okhttp = new OkHttpClient.Builder().readTimeout(READ_TIMEOUT).build();
    webClient = org.springframework.web.reactive.function.client.WebClient.builder()
        .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
            reactor.netty.http.client.HttpClient.create().responseTimeout(READ_TIMEOUT).followRedirect(true)))
        .build();
    jdk = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/dl/", exchange -> {
      try (exchange) {
        String[] parts = exchange.getRequestURI().getPath().split("/", 4);
        Result r;
        try {
          r = download(parts[2], parts[3].equals("refused") ? refused : origin + "/" + parts[3]);
        } catch (Exception e) {
          e.printStackTrace();
          r = new Result(502, (e.getClass().getName() + "\n").getBytes());
        }
        exchange.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
        exchange.getResponseBody().write(r.body);
      }
    });
    // The tests' marker (Spans.marker): a SERVER span and nothing else.
    server.createContext("/ping/", exchange -> {
      try (exchange) {
        exchange.sendResponseHeaders(204, -1);
      }
    });
    server.start();
    System.out.println("clients-host listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static java.net.http.HttpRequest jdkRequest(String url) {
    return java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(READ_TIMEOUT).build();
  }

  private static Result download(String client, String url) throws Exception {
    switch (client) {
      case "jdk": {
        java.net.http.HttpResponse<byte[]> response = jdk.send(jdkRequest(url), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return new Result(response.statusCode(), response.body());
      }
      case "webclient":
        return webClient.get().uri(url).exchangeToMono(r -> r.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
            .map(body -> new Result(r.statusCode().value(), body))).block(Duration.ofSeconds(20));
      case "jdk-async": {
        java.net.http.HttpResponse<byte[]> response = jdk.sendAsync(jdkRequest(url), java.net.http.HttpResponse.BodyHandlers.ofByteArray())
            .thenApply(r -> r).get(20, TimeUnit.SECONDS);
        return new Result(response.statusCode(), response.body());
      }
      case "url": {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setReadTimeout((int) READ_TIMEOUT.toMillis());
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
          return new Result(status, in == null ? new byte[0] : in.readAllBytes());
        }
      }
      case "openstream":
        try (InputStream in = new URL(url).openStream()) {
          return new Result(200, in.readAllBytes());
        } catch (FileNotFoundException e) {
          return new Result(404, "not found\n".getBytes());
        }
      case "apache":
        return apache.execute(new HttpGet(url),
            response -> new Result(response.getCode(), EntityUtils.toByteArray(response.getEntity())));
      case "apache-async": {
        CompletableFuture<SimpleHttpResponse> done = new CompletableFuture<>();
        apacheAsync.execute(SimpleRequestBuilder.get(url).build(), new FutureCallback<SimpleHttpResponse>() {
          @Override
          public void completed(SimpleHttpResponse result) {
            done.complete(result);
          }

          @Override
          public void failed(Exception ex) {
            done.completeExceptionally(ex);
          }

          @Override
          public void cancelled() {
            done.cancel(false);
          }
        });
        SimpleHttpResponse response = done.get(20, TimeUnit.SECONDS);
        return new Result(response.getCode(), response.getBodyBytes());
      }
      case "apache-future": {
        SimpleHttpResponse response = apacheAsync.execute(SimpleRequestBuilder.get(url).build(), null)
            .get(20, TimeUnit.SECONDS);
        return new Result(response.getCode(), response.getBodyBytes());
      }
      case "okhttp":
        try (Response response = okhttp.newCall(new Request.Builder().url(url).build()).execute()) {
          return new Result(response.code(), response.body().bytes());
        }
      case "okhttp-async": {
        CompletableFuture<Result> done = new CompletableFuture<>();
        okhttp.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
          @Override
          public void onResponse(Call call, Response response) throws IOException {
            try (response) {
              done.complete(new Result(response.code(), response.body().bytes()));
            }
          }

          @Override
          public void onFailure(Call call, IOException e) {
            done.completeExceptionally(e);
          }
        });
        return done.get(20, TimeUnit.SECONDS);
      }
      default:
        throw new IllegalArgumentException(client);
    }
  }
}
