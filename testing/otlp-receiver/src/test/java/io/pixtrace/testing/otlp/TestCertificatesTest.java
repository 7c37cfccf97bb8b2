package io.pixtrace.testing.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS material that {@link TestCertificates} generates with openssl. */
class TestCertificatesTest {

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  @Test
  void generatedOncePerJvmInATemporaryDirectory() {
    TestCertificates certs = TestCertificates.get();
    assertThat(TestCertificates.get()).isSameAs(certs);
    assertThat(certs.directory())
        .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())
        .isDirectory();
    // Only the PEM files and the trust store: the CA key, CSRs, extension and serial files are gone.
    assertThat(certs.directory().toFile().list())
        .containsExactlyInAnyOrder("ca.pem", "server.pem", "server.key", "client.pem",
            "client.key", "client-pkcs1.key", "client-ec.pem", "client-ec.key", "truststore.p12");
  }

  @Test
  void keyEncodings() {
    TestCertificates certs = TestCertificates.get();
    assertThat(firstLine(certs.serverKey())).isEqualTo("-----BEGIN PRIVATE KEY-----");
    assertThat(firstLine(certs.clientKey())).isEqualTo("-----BEGIN PRIVATE KEY-----");
    assertThat(firstLine(certs.clientKeyPkcs1())).isEqualTo("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(firstLine(certs.clientKeyEc())).isEqualTo("-----BEGIN EC PRIVATE KEY-----");
    assertThat(certs.clientCertPkcs1()).isEqualTo(certs.clientCert());
  }

  @Test
  void certificatesAreSignedByTheCaForTheirPurpose() throws Exception {
    TestCertificates certs = TestCertificates.get();
    X509Certificate ca = x509(certs.caCert());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    ca.verify(ca.getPublicKey());

    X509Certificate server = x509(certs.serverCert());
    server.verify(ca.getPublicKey());
    server.checkValidity();
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));

    for (Path file : List.of(certs.clientCert(), certs.clientCertEc())) {
      X509Certificate client = x509(file);
      client.verify(ca.getPublicKey());
      client.checkValidity();
      assertThat(client.getBasicConstraints()).isEqualTo(-1);
      assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    }
    assertThat(x509(certs.clientCert()).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(x509(certs.clientCertEc()).getPublicKey().getAlgorithm()).isEqualTo("EC");

    String caFile = certs.caCert().toString();
    assertThat(certs.openssl("verify", "-CAfile", caFile, "-purpose", "sslserver",
        certs.serverCert().toString())).contains(": OK");
    assertThat(certs.openssl("verify", "-CAfile", caFile, "-purpose", "sslclient",
        certs.clientCert().toString(), certs.clientCertEc().toString()))
        .contains(certs.clientCert() + ": OK", certs.clientCertEc() + ": OK");
  }

  @Test
  void everyKeyMatchesItsCertificate() {
    TestCertificates certs = TestCertificates.get();
    List<List<Path>> pairs = List.of(
        List.of(certs.serverCert(), certs.serverKey()),
        List.of(certs.clientCert(), certs.clientKey()),
        List.of(certs.clientCertPkcs1(), certs.clientKeyPkcs1()),
        List.of(certs.clientCertEc(), certs.clientKeyEc()));
    for (List<Path> pair : pairs) {
      String fromCert = certs.openssl("x509", "-in", pair.get(0).toString(), "-noout", "-pubkey");
      String fromKey = certs.openssl("pkey", "-in", pair.get(1).toString(), "-pubout");
      assertThat(fromKey).as("public key of %s", pair.get(1))
          .startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(fromCert);
    }
  }

  @Test
  void theTrustStoreHoldsOnlyTheCaAndTrustsTheServer() throws Exception {
    TestCertificates certs = TestCertificates.get();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certs.trustStore())) {
      store.load(in, TestCertificates.TRUST_STORE_PASSWORD.toCharArray());
    }
    assertThat(Collections.list(store.aliases())).singleElement()
        .satisfies(alias -> assertThat(store.isCertificateEntry(alias)).isTrue())
        .satisfies(alias -> assertThat(store.getCertificate(alias)).isEqualTo(x509(certs.caCert())));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    X509TrustManager trust = (X509TrustManager) tmf.getTrustManagers()[0];
    trust.checkServerTrusted(new X509Certificate[] {x509(certs.serverCert())}, "RSA");
    assertThat(certs.trustStoreJvmOptions()).containsExactly(
        "-Djavax.net.ssl.trustStore=" + certs.trustStore().toAbsolutePath(),
        "-Djavax.net.ssl.trustStorePassword=changeit",
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  @Test
  void withoutOpensslTheTestsFailWithAClearMessage(@TempDir Path dir) {
    assertThatThrownBy(() -> TestCertificates.generate(dir, "/nonexistent/openssl"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("need the '/nonexistent/openssl' command")
        .hasMessageContaining("apt-get install openssl");
  }

  private static X509Certificate x509(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static String firstLine(Path file) {
    return new String(TestCertificates.read(file), StandardCharsets.US_ASCII).lines()
        .findFirst().orElse("");
  }
}
