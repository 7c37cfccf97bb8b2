package io.pixtrace.instrumentation.webflux.helper;

import io.pixtrace.bootstrap.Download;
import io.pixtrace.bootstrap.DownloadRequest;
import io.pixtrace.bootstrap.HttpServerAdapter;
import io.pixtrace.bootstrap.ReactiveStage;
import io.pixtrace.bootstrap.ServerStage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The Reactor side of {@link ReactiveStage}, defined beside the host's Spring WebFlux and Reactor. */
public final class WebFluxSupport implements ReactiveStage.Support {
  private final HttpServerAdapter server = new ReactorServerAdapter();

  @Override
  public HttpServerAdapter serverAdapter() {
    return server;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object serverResponse(Object mono, Object context, Object key) {
    Mono<Void> handled = ((Mono<Void>) mono).doFinally(signal -> ServerStage.responseComplete(key));
    return new InContextMono<>(handled, context);
  }

  @Override
  public DownloadRequest downloadRequest(Object clientRequest) {
    ClientRequest r = (ClientRequest) clientRequest;
    return new DownloadRequest(r.method().name(), r.url().toString());
  }

  @Override
  public Object withHeaders(Object clientRequest, Map<String, String> headers) {
    return ClientRequest.from((ClientRequest) clientRequest).headers(h -> headers.forEach(h::set)).build();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object followDownload(Object responseMono, Download download, Object context) {
    AtomicBoolean responded = new AtomicBoolean();
    Mono<ClientResponse> followed = ((Mono<ClientResponse>) responseMono)
        .map(response -> {
          responded.set(true);
          return followBody(response, download, context);
        })
        .doOnError(e -> download.done(-1, -1, cause(e)))
        .doOnCancel(() -> {
          if (!responded.get()) {
            download.done(-1, -1, null);
          }
        });
    return context == null ? followed : new InContextMono<>(followed, context);
  }

  /** The response with a body that counts its bytes, ends the download when read, and signals in the context. */
  private static ClientResponse followBody(ClientResponse response, Download download, Object context) {
    int status = response.statusCode().value();
    AtomicLong size = new AtomicLong();
    return response.mutate().body(body -> {
      Flux<DataBuffer> counted = body
          .doOnNext(b -> size.addAndGet(b.readableByteCount()))
          .doOnComplete(() -> download.done(status, size.get(), null))
          .doOnError(e -> download.done(status, size.get(), cause(e)))
          .doOnCancel(() -> download.done(status, size.get(), null));
      return context == null ? counted : new InContextFlux<>(counted, context);
    }).build();
  }

  /** What really failed: {@code WebClient} wraps the connector's exception. */
  private static Throwable cause(Throwable e) {
    return e instanceof WebClientRequestException && e.getCause() != null ? e.getCause() : e;
  }
}
