package io.pixtrace.testing.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.tls.HeldCertificate;

/**
 * TEST-ONLY TLS material, generated at test time so that no private key is ever committed.
 *
 * <p>The first call to {@link #get()} makes the certificates and keys in memory with OkHttp's
 * {@code okhttp-tls} ({@link HeldCertificate}) and writes them, in a fresh temporary directory
 * that is deleted when the JVM exits:
 *
 * <ul>
 *   <li>a self-signed CA ({@link #caCert()}); its key is never written;
 *   <li>a server certificate for {@code 127.0.0.1} and {@code localhost} ({@link
 *       #serverCert()}, {@link #serverKey()});
 *   <li>an RSA client certificate ({@link #clientCert()}), whose key is offered as unencrypted
 *       PKCS#8 ({@link #clientKey()}) and as PKCS#1 ({@link #clientKeyPkcs1()});
 *   <li>an EC (P-256) client certificate ({@link #clientCertEc()}), whose key is in SEC1 form,
 *       {@code -----BEGIN EC PRIVATE KEY-----}, with its curve and public key as {@code openssl
 *       ec} writes it ({@link #clientKeyEc()});
 *   <li>a PKCS#12 trust store holding the CA ({@link #trustStore()}, password {@link
 *       #TRUST_STORE_PASSWORD}), for a JVM whose default trust store
 *       ({@code -Djavax.net.ssl.trustStore}) should trust the test CA.
 * </ul>
 *
 * <p>It lives in the receiver's main sources so that other modules' tests (the integration
 * tests) can serve and trust the same material. The {@code okhttp-tls} dependency is {@code
 * provided}: a module whose tests use this class declares it, in the version of the OkHttp it
 * already has. Every other file is PEM; every certificate is signed by the CA and valid for a
 * few days. The certificates carry no key-usage extensions, so TLS accepts them for either
 * end. Later calls return the same instance, so the material is generated once per JVM; if
 * generating fails, {@link #get()} throws an {@link IllegalStateException} that says why, on
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

  /** Password of {@link #trustStore()}. */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  private static TestCertificates instance;
  private static IllegalStateException failure;

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /**
   * The TLS material of this JVM, generated on the first call.
   *
   * @throws IllegalStateException if it cannot be generated (then on every call, with the same
   *     explanation)
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
      instance = generate(dir);
      return instance;
    } catch (RuntimeException | LinkageError e) {
      failure = new IllegalStateException("cannot generate the test TLS material in " + dir + ": " + e, e);
      throw failure;
    }
  }

  /** Generates the material into {@code dir}. Package private for the tests. */
  static TestCertificates generate(Path dir) {
    HeldCertificate ca = new HeldCertificate.Builder()
        .certificateAuthority(0)
        .commonName("pixtrace-test-ca")
        .rsa2048()
        .duration(DAYS, TimeUnit.DAYS)
        .build();
    HeldCertificate server = new HeldCertificate.Builder()
        .commonName("pixtrace-test-server")
        .addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("localhost")
        .rsa2048()
        .duration(DAYS, TimeUnit.DAYS)
        .signedBy(ca)
        .build();
    HeldCertificate client = new HeldCertificate.Builder()
        .commonName("pixtrace-test-client")
        .rsa2048()
        .duration(DAYS, TimeUnit.DAYS)
        .signedBy(ca)
        .build();
    HeldCertificate clientEc = new HeldCertificate.Builder()
        .commonName("pixtrace-test-client-ec")
        .ecdsa256()
        .duration(DAYS, TimeUnit.DAYS)
        .signedBy(ca)
        .build();
    TestCertificates certs = new TestCertificates(dir);
    try {
      write(certs.caCert(), ca.certificatePem());
      write(certs.serverCert(), server.certificatePem());
      write(certs.serverKey(), server.privateKeyPkcs8Pem());
      write(certs.clientCert(), client.certificatePem());
      write(certs.clientKey(), client.privateKeyPkcs8Pem());
      write(certs.clientKeyPkcs1(), client.privateKeyPkcs1Pem());
      write(certs.clientCertEc(), clientEc.certificatePem());
      write(certs.clientKeyEc(), sec1Pem(clientEc.keyPair()));
      writeTrustStore(ca, certs.trustStore());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test TLS files in " + dir, e);
    }
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

  /** Server certificate (PEM) for IP {@code 127.0.0.1} and DNS {@code localhost}. */
  public Path serverCert() {
    return directory.resolve("server.pem");
  }

  /** The server's RSA private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /** RSA client certificate (PEM); matches {@link #clientKey()} and {@link #clientKeyPkcs1()}. */
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

  /** EC (P-256) client certificate (PEM); matches {@link #clientKeyEc()}. */
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

  private static void writeTrustStore(HeldCertificate ca, Path out) throws IOException {
    try (OutputStream o = Files.newOutputStream(out)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("pixtrace-test-ca", ca.certificate());
      store.store(o, TRUST_STORE_PASSWORD.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the test trust store " + out, e);
    }
  }

  /**
   * The EC private key in SEC1 form (RFC 5915, {@code ECPrivateKey}): version 1, the private
   * value, the named curve and the public key, assembled from the JDK's encodings (the curve and
   * the public key point are those of the X.509 {@code SubjectPublicKeyInfo}).
   */
  static String sec1Pem(KeyPair pair) {
    ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
    // SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { id-ecPublicKey, namedCurve }, BIT STRING }
    List<byte[]> spki = children(pair.getPublic().getEncoded());
    byte[] namedCurve = children(spki.get(0)).get(1);
    byte[] publicKey = spki.get(1);
    int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    byte[] der = tlv(0x30, concat(
        tlv(0x02, new byte[] {1}),
        tlv(0x04, unsigned(key.getS(), size)),
        tlv(0xa0, namedCurve),
        tlv(0xa1, publicKey)));
    return pem("EC PRIVATE KEY", der);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The elements (each a whole TLV) of the DER SEQUENCE {@code der}. */
  private static List<byte[]> children(byte[] der) {
    if ((der[0] & 0xff) != 0x30) {
      throw new IllegalArgumentException("not a DER SEQUENCE");
    }
    int[] outer = header(der, 0);
    List<byte[]> out = new ArrayList<>();
    int at = outer[0];
    int end = outer[0] + outer[1];
    while (at < end) {
      int[] h = header(der, at);
      int next = h[0] + h[1];
      byte[] element = new byte[next - at];
      System.arraycopy(der, at, element, 0, element.length);
      out.add(element);
      at = next;
    }
    return out;
  }

  /** Offset of the content and its length, for the TLV starting at {@code at}. */
  private static int[] header(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return new int[] {at + 2, first};
    }
    int count = first & 0x7f;
    int length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return new int[] {at + 2 + count, length};
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** {@code value} as exactly {@code size} big-endian bytes. */
  private static byte[] unsigned(BigInteger value, int size) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort at JVM exit
    }
  }
}
