package io.pixtrace.bootstrap;

/**
 * The one switch every stage reads: the installed {@link Telemetry}, or {@code null} when the
 * agent is off. Written once by the agent at start-up; read on every instrumented call, so a
 * disabled agent costs one volatile read.
 */
public final class Pixtrace {
  private static volatile Telemetry telemetry;
  private static volatile HttpServerAdapter jdkHttpServer;
  private static volatile HttpClientAdapter jdkHttpClient;
  private static volatile VipsNative vipsNative;

  private Pixtrace() {}

  /** The installed telemetry, or {@code null} when off. */
  public static Telemetry telemetry() {
    return telemetry;
  }

  /** Installs (or, with {@code null}, removes) the telemetry the stages record into. */
  public static void install(Telemetry value) {
    telemetry = value;
  }

  /** Adapter for {@code com.sun.net.httpserver}, set by its instrumentation. */
  public static HttpServerAdapter jdkHttpServer() {
    return jdkHttpServer;
  }

  /** Sets the {@code com.sun.net.httpserver} adapter. */
  public static void jdkHttpServer(HttpServerAdapter adapter) {
    jdkHttpServer = adapter;
  }

  /** Adapter for {@code java.net.http.HttpClient}, set by its instrumentation. */
  public static HttpClientAdapter jdkHttpClient() {
    return jdkHttpClient;
  }

  /** Sets the {@code java.net.http.HttpClient} adapter. */
  public static void jdkHttpClient(HttpClientAdapter adapter) {
    jdkHttpClient = adapter;
  }

  /** Native memory reader for libvips call arguments (Java 22+ only), or null. */
  public static VipsNative vipsNative() {
    return vipsNative;
  }

  /** Sets the libvips native reader. */
  public static void vipsNative(VipsNative value) {
    vipsNative = value;
  }
}
