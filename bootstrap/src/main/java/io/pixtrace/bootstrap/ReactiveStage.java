package io.pixtrace.bootstrap;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;

/**
 * Requests served and downloads made through Reactor (Spring WebFlux on Reactor Netty,
 * {@code WebClient}): the request's context follows the reactive chain without Reactor hooks.
 * A publisher the agent wraps is subscribed with the request's context current, and delivers
 * its signals with it current, so the operators downstream (which run on the thread that
 * delivers the signal: a Netty event loop, a scheduler worker) see the request, and a hop to
 * a scheduler is a hand-off to its executor, under the queue stage's rules (docs/telemetry.md,
 * "Queue spans").
 *
 * <p>The Reactor-facing half is the module's {@link Support}, defined beside the host's
 * Reactor and Spring (a helper class); advice asks {@link #support} for it.
 */
public final class ReactiveStage {
  /** The adapter name the module registers its {@link Factory} under. */
  public static final String NAME = "spring-webflux";

  /** What the module's helper does with the host's Reactor and Spring types (all typed {@code Object} here). */
  public interface Support {
    /** Reads a Reactor Netty request for the server stage (the request object: {@code {request, response, exchange}}). */
    HttpServerAdapter serverAdapter();

    /**
     * The handler's {@code Mono<Void>}, subscribed and signalling in {@code context}, that
     * reports the response complete ({@link ServerStage#responseComplete} with {@code key})
     * when it terminates or is cancelled (the connection went away).
     */
    Object serverResponse(Object mono, Object context, Object key);

    /** The method and URL of a {@code WebClient} request, or null. */
    DownloadRequest downloadRequest(Object clientRequest);

    /** A copy of the {@code WebClient} request with these headers added. */
    Object withHeaders(Object clientRequest, Map<String, String> headers);

    /**
     * The exchange's {@code Mono<ClientResponse>}, signalling in {@code context}, whose
     * response body ends {@code download} when it has been read (or fails, or is cancelled).
     */
    Object followDownload(Object responseMono, Download download, Object context);
  }

  /** Makes the module's {@link Support} beside the library that a class belongs to. */
  public interface Factory {
    /** The support for the Reactor and Spring beside {@code libraryClass}. */
    Support support(Class<?> libraryClass);
  }

  /**
   * The request object of a Reactor Netty request for the server stage: the request and
   * response as Reactor Netty gives them, and the framework's exchange once it exists (for the
   * route Spring matched).
   */
  public static final class Exchange {
    /** {@code HttpServerRequest}. */
    public final Object request;
    /** {@code HttpServerResponse}. */
    public final Object response;
    /** Spring's {@code ServerWebExchange}, set when Spring made it. */
    public volatile Object exchange;

    /** @param request the {@code HttpServerRequest} @param response the {@code HttpServerResponse} */
    public Exchange(Object request, Object response) {
      this.request = request;
      this.response = response;
    }
  }

  /** The framework made its exchange for the request in flight here: remembered for the route. */
  public static void exchangeCreated(Object exchange) {
    Object r = ServerStage.currentRequest();
    if (r instanceof Exchange && ((Exchange) r).exchange == null) {
      ((Exchange) r).exchange = exchange;
    }
  }

  private static final ClassValue<Support[]> SUPPORTS = new ClassValue<>() {
    @Override
    protected Support[] computeValue(Class<?> type) {
      return new Support[1];
    }
  };

  private ReactiveStage() {}

  /**
   * The support for the library of {@code libraryClass} (the instrumented class), or null when
   * telemetry is off or the module is not started (the advice then leaves the call alone).
   */
  public static Support support(Class<?> libraryClass) {
    if (Pixtrace.telemetry() == null) {
      return null;
    }
    Support[] slot = SUPPORTS.get(libraryClass);
    Support s = slot[0];
    if (s == null) {
      Factory f = Adapters.get(Factory.class, NAME);
      if (f == null) {
        return null;
      }
      try {
        s = f.support(libraryClass);
      } catch (Throwable e) {
        AgentLog.error("stage:reactive", "could not make the Reactor support beside " + libraryClass.getName(), e);
        return null;
      }
      slot[0] = s;
    }
    return s;
  }

  /** The current context when a request is in flight on this thread, else null (nothing to carry). */
  public static Object currentRequestContext() {
    return RequestState.current() == null ? null : Context.current();
  }

  /** Makes a context {@link #currentRequestContext} returned current; returns the scope to {@link #close}. */
  public static Object makeCurrent(Object context) {
    return ((Context) context).makeCurrent();
  }

  /** Closes a scope {@link #makeCurrent} returned. */
  public static void close(Object scope) {
    ((Scope) scope).close();
  }
}
