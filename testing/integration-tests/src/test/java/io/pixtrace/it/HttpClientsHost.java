package io.pixtrace.it;

import com.sun.net.httpserver.HttpServer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
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
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An image service that knows nothing of the agent (JDK 17 code): {@code GET /dl/{client}/{hash}}
 * downloads {@code {origin}/{hash}} with the named client and answers with the origin's
 * status and body. Clients: {@code url} ({@code HttpURLConnection.getResponseCode}),
 * {@code openstream} ({@code URL.openStream}), {@code apache} (classic, response handler),
 * {@code apache-async} ({@code FutureCallback}), {@code apache-future} (no callback,
 * {@code Future.get}), {@code okhttp} ({@code execute}), {@code okhttp-async} ({@code enqueue}).
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

  public static void main(String[] args) throws Exception {
    String origin = args[0];
    apache = HttpClients.createDefault();
    apacheAsync = HttpAsyncClients.createDefault();
    apacheAsync.start();
    okhttp = new OkHttpClient();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/dl/", exchange -> {
      try (exchange) {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        Result r;
        try {
          r = download(parts[2], origin + "/" + parts[3]);
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

  private static Result download(String client, String url) throws Exception {
    switch (client) {
      case "url": {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
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
