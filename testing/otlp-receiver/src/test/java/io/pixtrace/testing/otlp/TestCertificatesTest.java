package io.pixtrace.testing.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

/**
 * The TLS material that {@link TestCertificates} generates, checked with the JDK's PKIX
 * validation and trust managers, and with Bouncy Castle reading the PKCS#1 and SEC1 keys.
 */
class TestCertificatesTest {

  @Test
  void generatedOncePerJvmInATemporaryDirectory() {
    TestCertificates certs = TestCertificates.get();
    assertThat(TestCertificates.get()).isSameAs(certs);
    assertThat(certs.directory())
        .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())
        .isDirectory();
    // Only the PEM files and the trust store: the CA's key is never written.
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
  void certificatesAreSignedByTheCaAndTrustedForTheirEnd() throws Exception {
    TestCertificates certs = TestCertificates.get();
    X509Certificate ca = x509(certs.caCert());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    ca.verify(ca.getPublicKey());

    X509Certificate server = x509(certs.serverCert());
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    X509Certificate client = x509(certs.clientCert());
    X509Certificate clientEc = x509(certs.clientCertEc());
    assertThat(client.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(clientEc.getPublicKey().getAlgorithm()).isEqualTo("EC");
    for (X509Certificate leaf : List.of(server, client, clientEc)) {
      leaf.verify(ca.getPublicKey());
      leaf.checkValidity();
      assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
      validate(leaf, ca);
    }

    // The JDK's trust managers, as a TLS server and client use them, with the CA as the only anchor.
    X509TrustManager trust = trustManager(certs);
    trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_RSA");
    trust.checkClientTrusted(new X509Certificate[] {client}, "RSA");
    trust.checkClientTrusted(new X509Certificate[] {clientEc}, "EC");

    // Anchored elsewhere (the client certificate did not sign it), the server is not trusted.
    assertThatThrownBy(() -> validate(server, client)).isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void everyKeyMatchesItsCertificate() throws Exception {
    TestCertificates certs = TestCertificates.get();
    assertSigns(pkcs8(certs.serverKey(), "RSA"), x509(certs.serverCert()));
    assertSigns(pkcs8(certs.clientKey(), "RSA"), x509(certs.clientCert()));
    assertSigns(pem(certs.clientKeyPkcs1()), x509(certs.clientCertPkcs1()));
    assertSigns(pem(certs.clientKeyEc()), x509(certs.clientCertEc()));
    assertThat(pem(certs.clientKeyPkcs1())).as("PKCS#1 holds the same key as PKCS#8")
        .isEqualTo(pkcs8(certs.clientKey(), "RSA"));
  }

  @Test
  void theSec1KeyNamesItsCurveAndCarriesItsPublicKey() throws Exception {
    TestCertificates certs = TestCertificates.get();
    try (Reader r = Files.newBufferedReader(certs.clientKeyEc(), StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      PEMKeyPair pair = (PEMKeyPair) parser.readObject();
      // prime256v1, and the public key of the certificate (openssl ec writes both).
      assertThat(pair.getPrivateKeyInfo().getPrivateKeyAlgorithm().getParameters().toString())
          .isEqualTo("1.2.840.10045.3.1.7");
      assertThat(new JcaPEMKeyConverter().getKeyPair(pair).getPublic().getEncoded())
          .isEqualTo(x509(certs.clientCertEc()).getPublicKey().getEncoded());
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
    trustManager(certs).checkServerTrusted(new X509Certificate[] {x509(certs.serverCert())}, "RSA");
    assertThat(certs.trustStoreJvmOptions()).containsExactly(
        "-Djavax.net.ssl.trustStore=" + certs.trustStore().toAbsolutePath(),
        "-Djavax.net.ssl.trustStorePassword=changeit",
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  /** PKIX path validation of {@code leaf} with {@code anchor} as the only trust anchor. */
  private static void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
  }

  private static X509TrustManager trustManager(TestCertificates certs) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certs.trustStore())) {
      store.load(in, TestCertificates.TRUST_STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  /** What the private key signs, the certificate's public key verifies. */
  private static void assertSigns(PrivateKey key, X509Certificate cert) throws Exception {
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    byte[] data = "pixtrace".getBytes(StandardCharsets.US_ASCII);
    Signature sign = Signature.getInstance(algorithm);
    sign.initSign(key);
    sign.update(data);
    byte[] signature = sign.sign();
    Signature verify = Signature.getInstance(algorithm);
    verify.initVerify(cert.getPublicKey());
    verify.update(data);
    assertThat(verify.verify(signature)).as("%s signs for %s", key.getAlgorithm(), cert.getSubjectX500Principal()).isTrue();
  }

  private static PrivateKey pkcs8(Path pem, String algorithm) throws Exception {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String body = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END"));
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
  }

  /** A PKCS#1 or SEC1 key, read by Bouncy Castle. */
  private static PrivateKey pem(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
      return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject()).getPrivate();
    }
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
