package io.pixtrace.agent.sdk;

import io.pixtrace.agent.config.Settings;
import io.pixtrace.bootstrap.AgentLog;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The TLS material of {@code IMGPROXY_OPEN_TELEMETRY_SERVER_CERT}, {@code ..._CLIENT_CERT} and
 * {@code ..._CLIENT_KEY}, given to every OTLP exporter through the SDK's own builder methods
 * ({@code setTrustedCertificates}, {@code setClientTls}), which parse it: certificates with the
 * JDK's {@code CertificateFactory}, the key as PKCS#8 (other key forms are wrapped first by
 * {@link PrivateKeyPem}).
 *
 * <p>Material the SDK rejects is reported once, naming the variables but never their content,
 * and left out for every exporter: the connection then uses the JVM's trust store (never no
 * verification) and no client certificate.
 */
final class ExporterTls {
  private final byte[] trusted;
  private final byte[] clientKey;
  private final byte[] clientCert;
  private boolean trustFailed;
  private boolean clientFailed;

  ExporterTls(Settings settings) {
    trusted = settings.serverCert() == null ? null : settings.serverCert().getBytes(StandardCharsets.UTF_8);
    byte[] key = null;
    byte[] cert = null;
    if (settings.clientCert() != null && settings.clientKey() != null) {
      try {
        key = PrivateKeyPem.toPkcs8(settings.clientKey());
        cert = settings.clientCert().getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        clientFailed = true;
        AgentLog.warn("configuration: IMGPROXY_OPEN_TELEMETRY_CLIENT_KEY could not be used (" + e.getMessage()
            + "): expected an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM key; exporting without a client certificate");
      }
    }
    clientKey = key;
    clientCert = cert;
  }

  /** Whether any TLS variable is set. */
  boolean configured() {
    return trusted != null || clientKey != null || clientFailed;
  }

  /**
   * Applies the material to one exporter builder ({@code b::setTrustedCertificates},
   * {@code b::setClientTls}).
   */
  synchronized void apply(Consumer<byte[]> trust, BiConsumer<byte[], byte[]> client) {
    if (trusted != null && !trustFailed) {
      try {
        trust.accept(trusted);
      } catch (RuntimeException e) {
        trustFailed = true;
        AgentLog.warn(alreadySet(e)
            ? "configuration: IMGPROXY_OPEN_TELEMETRY_SERVER_CERT is not used: OTEL_EXPORTER_OTLP_CERTIFICATE (or a"
                + " signal-specific one) is set too, and the SDK keeps that one"
            : "configuration: IMGPROXY_OPEN_TELEMETRY_SERVER_CERT could not be used (" + describe(e)
                + "): expected PEM certificates (-----BEGIN CERTIFICATE-----); the collector is verified with the JVM's trust store");
      }
    }
    if (clientKey != null && !clientFailed) {
      try {
        client.accept(clientKey, clientCert);
      } catch (RuntimeException e) {
        clientFailed = true;
        AgentLog.warn(alreadySet(e)
            ? "configuration: IMGPROXY_OPEN_TELEMETRY_CLIENT_CERT / _CLIENT_KEY are not used: OTEL_EXPORTER_OTLP_CLIENT_KEY"
                + " (or a signal-specific one) is set too, and the SDK keeps that one"
            : "configuration: IMGPROXY_OPEN_TELEMETRY_CLIENT_CERT / _CLIENT_KEY could not be used (" + describe(e)
                + "): expected a PEM certificate and its unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key;"
                + " exporting without a client certificate");
      }
    }
  }

  /** The SDK takes TLS material once per exporter: OTEL_EXPORTER_OTLP_CERTIFICATE got there first. */
  private static boolean alreadySet(RuntimeException e) {
    return e.getMessage() != null && e.getMessage().contains("previously configured");
  }

  /** The SDK's message and its cause's (they name what failed, never the content). */
  private static String describe(RuntimeException e) {
    String s = e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null) {
      s += ": " + cause.getMessage();
      if (cause.getCause() != null && cause.getCause().getMessage() != null) {
        s += ": " + cause.getCause().getMessage();
      }
    }
    return s;
  }
}
