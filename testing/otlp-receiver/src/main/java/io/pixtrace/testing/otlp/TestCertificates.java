package io.pixtrace.testing.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * TEST-ONLY TLS material, generated at test time so that no private key is ever committed.
 *
 * <p>The first call to {@link #get()} runs the {@code openssl} command (it must be on the
 * {@code PATH}) to create, in a fresh temporary directory that is deleted when the JVM exits:
 *
 * <ul>
 *   <li>a self-signed CA ({@link #caCert()}); its key is deleted right after signing;
 *   <li>a server certificate for {@code 127.0.0.1} and {@code localhost} with extended key usage
 *       {@code serverAuth} ({@link #serverCert()}, {@link #serverKey()});
 *   <li>an RSA client certificate with extended key usage {@code clientAuth} ({@link
 *       #clientCert()}), whose key is offered as unencrypted PKCS#8 ({@link #clientKey()}) and as
 *       PKCS#1 ({@link #clientKeyPkcs1()});
 *   <li>an EC (P-256) client certificate with {@code clientAuth} ({@link #clientCertEc()}), whose
 *       key is in SEC1 form, {@code -----BEGIN EC PRIVATE KEY-----} ({@link #clientKeyEc()});
 *   <li>a PKCS#12 trust store holding the CA ({@link #trustStore()}, password {@link
 *       #TRUST_STORE_PASSWORD}), for a JVM whose default trust store
 *       ({@code -Djavax.net.ssl.trustStore}) should trust the test CA.
 * </ul>
 *
 * <p>It lives in the receiver's main sources so that other modules' tests (the integration
 * tests) can serve and trust the same material. Every other file is PEM; every certificate is
 * signed by the CA and valid for a few days. Later
 * calls return the same instance, so the material is generated once per JVM. If {@code openssl}
 * is missing or fails, {@link #get()} throws an {@link IllegalStateException} that says so, on
 * every call: tests that need TLS fail rather than being skipped.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.get();
 * OtlpReceiver.builder().tls(certs.serverCert(), certs.serverKey()).clientCa(certs.caCert());
 * }</pre>
 */
public final class TestCertificates {

  /** Validity of the generated certificates; they only live as long as the JVM. */
  private static final int DAYS = 7;

  private static final long OPENSSL_TIMEOUT_SECONDS = 60;

  private static final String PKCS8_HEADER = "-----BEGIN PRIVATE KEY-----";
  private static final String PKCS1_HEADER = "-----BEGIN RSA PRIVATE KEY-----";
  private static final String SEC1_HEADER = "-----BEGIN EC PRIVATE KEY-----";
  private static final String CERT_HEADER = "-----BEGIN CERTIFICATE-----";

  /** Password of {@link #trustStore()}. */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  /** Minimal {@code openssl req} configuration, so the system openssl.cnf plays no part. */
  private static final String REQ_CONFIG =
      String.join(
          "\n",
          "[req]",
          "distinguished_name = dn",
          "prompt = no",
          "[dn]",
          "[v3_ca]",
          "basicConstraints = critical,CA:TRUE",
          "keyUsage = critical,keyCertSign,cRLSign",
          "subjectKeyIdentifier = hash",
          "authorityKeyIdentifier = keyid:always",
          "");

  private static TestCertificates instance;
  private static IllegalStateException failure;

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /**
   * The TLS material of this JVM, generated on the first call.
   *
   * @throws IllegalStateException if the {@code openssl} command is missing or fails (then on
   *     every call, with the same explanation)
   */
  public static synchronized TestCertificates get() {
    if (instance != null) {
      return instance;
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("pixtrace-test-tls-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for test TLS files", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "test-tls-cleanup"));
    try {
      instance = generate(dir, "openssl");
      return instance;
    } catch (IllegalStateException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * Generates the material into {@code dir} with the given {@code openssl} executable. Package
   * private so that the failure when {@code openssl} is missing can be tested.
   */
  static TestCertificates generate(Path dir, String openssl) {
    checkOpenssl(dir, openssl);
    try {
      Path reqConfig = write(dir.resolve("req.cnf"), REQ_CONFIG);

      rsaKey(dir, openssl, "ca.key");
      run(dir, openssl, "req", "-x509", "-new", "-config", reqConfig.toString(),
          "-extensions", "v3_ca", "-key", "ca.key", "-sha256", "-days", String.valueOf(DAYS),
          "-subj", "/CN=pixtrace-test-ca", "-out", "ca.pem");

      rsaKey(dir, openssl, "server.key");
      sign(dir, openssl, reqConfig, "server", "server.key", "server.pem",
          "keyUsage = critical,digitalSignature,keyEncipherment",
          "extendedKeyUsage = serverAuth",
          "subjectAltName = IP:127.0.0.1,DNS:localhost");

      rsaKey(dir, openssl, "client.key");
      sign(dir, openssl, reqConfig, "client", "client.key", "client.pem",
          "keyUsage = critical,digitalSignature,keyEncipherment",
          "extendedKeyUsage = clientAuth");
      // Same key as client.key, re-encoded as PKCS#1, so client.pem matches it too.
      run(dir, openssl, "pkey", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");

      run(dir, openssl, "genpkey", "-quiet", "-algorithm", "EC",
          "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:named_curve",
          "-out", "client-ec.pkcs8.key");
      sign(dir, openssl, reqConfig, "client-ec", "client-ec.pkcs8.key", "client-ec.pem",
          "keyUsage = critical,digitalSignature",
          "extendedKeyUsage = clientAuth");
      run(dir, openssl, "pkey", "-in", "client-ec.pkcs8.key", "-traditional",
          "-out", "client-ec.key");

      for (String leftover : List.of("ca.key", "ca.srl", "req.cnf", "client-ec.pkcs8.key")) {
        Files.deleteIfExists(dir.resolve(leftover));
      }
      writeTrustStore(dir.resolve("ca.pem"), dir.resolve("truststore.p12"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test TLS files in " + dir, e);
    }

    TestCertificates certs = new TestCertificates(dir);
    expectHeader(certs.caCert(), CERT_HEADER);
    expectHeader(certs.serverCert(), CERT_HEADER);
    expectHeader(certs.serverKey(), PKCS8_HEADER);
    expectHeader(certs.clientCert(), CERT_HEADER);
    expectHeader(certs.clientKey(), PKCS8_HEADER);
    expectHeader(certs.clientKeyPkcs1(), PKCS1_HEADER);
    expectHeader(certs.clientCertEc(), CERT_HEADER);
    expectHeader(certs.clientKeyEc(), SEC1_HEADER);
    return certs;
  }

  /** The temporary directory holding the files (deleted when the JVM exits). */
  public Path directory() {
    return directory;
  }

  /** The CA certificate (PEM) that signed every other certificate here. */
  public Path caCert() {
    return directory.resolve("ca.pem");
  }

  /** Server certificate (PEM) for IP {@code 127.0.0.1} and DNS {@code localhost}, serverAuth. */
  public Path serverCert() {
    return directory.resolve("server.pem");
  }

  /** The server's RSA private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /**
   * RSA client certificate (PEM), clientAuth; matches {@link #clientKey()} and {@link
   * #clientKeyPkcs1()}.
   */
  public Path clientCert() {
    return directory.resolve("client.pem");
  }

  /** The RSA client private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public Path clientKey() {
    return directory.resolve("client.key");
  }

  /**
   * The same RSA client private key as {@link #clientKey()}, unencrypted PKCS#1 PEM ({@code BEGIN
   * RSA PRIVATE KEY}).
   */
  public Path clientKeyPkcs1() {
    return directory.resolve("client-pkcs1.key");
  }

  /** The certificate matching {@link #clientKeyPkcs1()}: the same file as {@link #clientCert()}. */
  public Path clientCertPkcs1() {
    return clientCert();
  }

  /** EC (P-256) client certificate (PEM), clientAuth; matches {@link #clientKeyEc()}. */
  public Path clientCertEc() {
    return directory.resolve("client-ec.pem");
  }

  /** The EC (P-256) client private key, unencrypted SEC1 PEM ({@code BEGIN EC PRIVATE KEY}). */
  public Path clientKeyEc() {
    return directory.resolve("client-ec.key");
  }

  /**
   * A PKCS#12 trust store (password {@link #TRUST_STORE_PASSWORD}) whose only entry is {@link
   * #caCert()}, e.g. for {@code -Djavax.net.ssl.trustStore=... -Djavax.net.ssl.trustStorePassword=...}.
   */
  public Path trustStore() {
    return directory.resolve("truststore.p12");
  }

  /**
   * The JVM options that make {@link #trustStore()} a JVM's default trust store.
   *
   * @return {@code -Djavax.net.ssl.trustStore=...}, {@code -Djavax.net.ssl.trustStorePassword=...}
   *     and {@code -Djavax.net.ssl.trustStoreType=PKCS12}
   */
  public List<String> trustStoreJvmOptions() {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + trustStore().toAbsolutePath(),
        "-Djavax.net.ssl.trustStorePassword=" + TRUST_STORE_PASSWORD,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  /**
   * The bytes of one of the files, e.g. for exporters that take PEM content.
   *
   * @param file one of the paths returned by this class
   * @return the file's content
   */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code openssl args...} in {@link #directory()} and returns its output (stdout and
   * stderr). For tests that need to inspect or derive material.
   *
   * @param args the arguments after {@code openssl}, e.g. {@code "x509", "-in", path, "-text"}
   * @return what openssl printed
   * @throws IllegalStateException if openssl exits with a non-zero status
   */
  public String openssl(String... args) {
    return run(directory, "openssl", args);
  }

  private static void writeTrustStore(Path caPem, Path out) throws IOException {
    try (InputStream in = Files.newInputStream(caPem); OutputStream o = Files.newOutputStream(out)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("pixtrace-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      store.store(o, TRUST_STORE_PASSWORD.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the test trust store " + out, e);
    }
  }

  private static void rsaKey(Path dir, String openssl, String out) {
    run(dir, openssl, "genpkey", "-quiet", "-algorithm", "RSA",
        "-pkeyopt", "rsa_keygen_bits:2048", "-out", out);
  }

  /** Makes a CSR for {@code key}, has the CA sign it and writes the certificate to {@code out}. */
  private static void sign(Path dir, String openssl, Path reqConfig, String name, String key,
      String out, String... extensions) throws IOException {
    String csr = name + ".csr";
    Path ext = dir.resolve(name + ".ext");
    List<String> lines = new ArrayList<>();
    lines.add("basicConstraints = critical,CA:FALSE");
    lines.addAll(Arrays.asList(extensions));
    lines.add("subjectKeyIdentifier = hash");
    lines.add("authorityKeyIdentifier = keyid,issuer");
    write(ext, String.join("\n", lines) + "\n");
    run(dir, openssl, "req", "-new", "-config", reqConfig.toString(), "-key", key,
        "-subj", "/CN=pixtrace-test-" + name, "-out", csr);
    run(dir, openssl, "x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-sha256", "-days", String.valueOf(DAYS),
        "-extfile", ext.getFileName().toString(), "-out", out);
    Files.delete(dir.resolve(csr));
    Files.delete(ext);
  }

  private static void checkOpenssl(Path dir, String openssl) {
    try {
      run(dir, openssl, "version");
    } catch (IllegalStateException e) {
      String why = e.getCause() instanceof IOException ? e.getCause().getMessage() : e.getMessage();
      throw new IllegalStateException(
          "TLS tests need the '" + openssl + "' command to generate their certificates at test"
              + " time, but it could not be run: " + why.strip() + ". Install OpenSSL"
              + " (Debian/Ubuntu: apt-get install openssl) and put 'openssl' on the PATH.",
          e);
    }
  }

  private static String run(Path dir, String openssl, String... args) {
    List<String> command = new ArrayList<>();
    command.add(openssl);
    command.addAll(Arrays.asList(args));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + String.join(" ", command) + " (" + e.getMessage() + ")", e);
    }
    try (InputStream in = process.getInputStream()) {
      process.getOutputStream().close(); // never prompt
      String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }

  private static void expectHeader(Path file, String header) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    if (!text.startsWith(header)) {
      throw new IllegalStateException(
          "openssl wrote " + file + " without the expected '" + header + "' header: "
              + text.lines().findFirst().orElse("(empty)"));
    }
  }

  private static Path write(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.US_ASCII);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort at JVM exit
    }
  }
}
