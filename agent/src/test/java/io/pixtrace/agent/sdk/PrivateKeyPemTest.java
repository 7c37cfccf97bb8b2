package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Date;
import okhttp3.tls.HeldCertificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client keys in the forms openssl writes them, and what the SDK's {@code setClientTls} makes of
 * them before and after {@link PrivateKeyPem}. The RSA key and its certificate come from okhttp-tls
 * ({@link HeldCertificate}: PKCS#8, PKCS#1); Bouncy Castle makes what it cannot: the SEC1 EC
 * keys (with the {@code EC PARAMETERS} block {@code openssl ecparam -genkey} puts first), their
 * certificates (P-384 among them) and an encrypted PKCS#8 key as {@code openssl genpkey
 * -aes-128-cbc} writes it.
 */
class PrivateKeyPemTest {
  @TempDir
  static Path dir;

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static PrivateKey rsaKey;

  @BeforeAll
  static void keys() throws Exception {
    // RSA: PKCS#8 and the same key as PKCS#1 (what genrsa and -traditional write).
    HeldCertificate rsa = new HeldCertificate.Builder().commonName("pixtrace-test").rsa2048().build();
    rsaKey = rsa.keyPair().getPrivate();
    write("rsa.pkcs8", rsa.privateKeyPkcs8Pem());
    write("rsa.pkcs1", rsa.privateKeyPkcs1Pem());
    write("rsa.pem", rsa.certificatePem());
    // EC: what `openssl ecparam -genkey` writes (EC PARAMETERS + SEC1), and the same key as PKCS#8;
    // P-384 as `-noout` writes it, without the parameters block.
    ecKey("ec", "prime256v1", SECObjectIdentifiers.secp256r1, true);
    ecKey("ec384", "secp384r1", SECObjectIdentifiers.secp384r1, false);
  }

  /** A SEC1 key of {@code curve} (BC's encoding: curve and public key inside), its PKCS#8 form and a certificate. */
  private static void ecKey(String base, String curve, ASN1ObjectIdentifier oid, boolean parametersBlock) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
    generator.initialize(new ECGenParameterSpec(curve));
    KeyPair bc = generator.generateKeyPair();
    StringWriter sec1 = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(sec1)) {
      if (parametersBlock) {
        pem.writeObject(new PemObject("EC PARAMETERS", oid.getEncoded()));
      }
      pem.writeObject(bc.getPrivate());
    }
    write(base + ".sec1", sec1.toString());
    // The same key in the JDK's own PKCS#8 encoding, as `openssl pkey` would re-encode it.
    PrivateKey jdk = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(bc.getPrivate().getEncoded()));
    write(base + ".pkcs8", pem(new PemObject("PRIVATE KEY", jdk.getEncoded())));
    // A self-signed certificate for it (HeldCertificate cannot sign one for P-384).
    X500Name name = new X500Name("CN=pixtrace-test");
    long now = System.currentTimeMillis();
    X509CertificateHolder cert = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(now - 60_000),
        new Date(now + 86_400_000), name, bc.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(bc.getPrivate()));
    write(base + ".pem", pem(cert));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  @Test
  void theSdkAloneTakesOnlyPkcs8() {
    assertThat(sdkAccepts(read("rsa.pkcs8"), "rsa")).isTrue();
    assertThat(sdkAccepts(read("ec.pkcs8"), "ec")).isTrue();
    assertThat(read("rsa.pkcs1")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(sdkAccepts(read("rsa.pkcs1"), "rsa")).isFalse();
    assertThat(read("ec.sec1")).startsWith("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");
    assertThat(sdkAccepts(read("ec.sec1"), "ec")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa.pkcs1", "rsa.pkcs8", "ec.sec1", "ec.pkcs8", "ec384.sec1", "ec384.pkcs8"})
  void everyFormBecomesTheSamePkcs8KeyAndTheSdkTakesIt(String file) throws Exception {
    String base = file.substring(0, file.indexOf('.'));
    String text = new String(PrivateKeyPem.toPkcs8(read(file)), StandardCharsets.US_ASCII);
    assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    String algorithm = base.startsWith("rsa") ? "RSA" : "EC";
    PrivateKey converted = key(text, algorithm);
    PrivateKey expected = key(read(base + ".pkcs8"), algorithm);
    if (converted instanceof ECPrivateKey) {
      // Same secret on the same curve (the encodings differ: SEC1 keeps its optional fields).
      assertThat(((ECPrivateKey) converted).getS()).isEqualTo(((ECPrivateKey) expected).getS());
      assertThat(((ECPrivateKey) converted).getParams().toString()).isEqualTo(((ECPrivateKey) expected).getParams().toString());
    } else {
      assertThat(converted).isEqualTo(expected);
    }
    assertThat(sdkAccepts(text, base)).isTrue();
  }

  @Test
  void textAroundTheKeyIsIgnored() throws Exception {
    String pkcs12Style = "Bag Attributes\n    localKeyID: 01 02 03\nKey Attributes: <No Attributes>\n" + read("rsa.pkcs8");
    assertThat(sdkAccepts(pkcs12Style, "rsa")).isFalse();
    assertThat(sdkAccepts(new String(PrivateKeyPem.toPkcs8(pkcs12Style), StandardCharsets.US_ASCII), "rsa")).isTrue();
  }

  @Test
  void unusableKeysAreExplainedWithoutTheirContent() throws Exception {
    String encrypted = pem(new JcaPKCS8Generator(rsaKey, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_128_CBC)
        .setProvider(BC).setPassword("secret".toCharArray()).build()));
    assertThat(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThatThrownBy(() -> PrivateKeyPem.toPkcs8(encrypted))
        .hasMessageContaining("encrypted").hasMessageNotContaining(encrypted.substring(40, 60));
    assertThatThrownBy(() -> PrivateKeyPem.toPkcs8("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .hasMessageContaining("no -----BEGIN PRIVATE KEY-----");
    assertThatThrownBy(() -> PrivateKeyPem.toPkcs8("-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----"))
        .hasMessageContaining("names no curve");
    assertThatThrownBy(() -> PrivateKeyPem.toPkcs8("-----BEGIN EC PRIVATE KEY-----\nMIIB\n-----END EC PRIVATE KEY-----"))
        .hasMessageContaining("not valid DER");
  }

  @Test
  void derLengthsInShortAndLongForm() {
    assertThat(PrivateKeyPem.tlv(0x04, new byte[3])).startsWith(0x04, 3);
    assertThat(PrivateKeyPem.tlv(0x04, new byte[200])).startsWith(0x04, 0x81, 200);
    assertThat(PrivateKeyPem.tlv(0x04, new byte[1200])).startsWith(0x04, 0x82, 0x04, 0xb0).hasSize(1204);
  }

  /** Whether the SDK's {@code setClientTls} takes this key with its certificate. */
  private static boolean sdkAccepts(String keyPem, String base) {
    OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder();
    try {
      b.setClientTls(keyPem.getBytes(StandardCharsets.US_ASCII), read(base + ".pem").getBytes(StandardCharsets.US_ASCII));
      return true;
    } catch (IllegalStateException e) {
      assertThat(e).hasMessageContaining("X509KeyManager");
      return false;
    }
  }

  private static PrivateKey key(String pkcs8Pem, String algorithm) throws Exception {
    String body = pkcs8Pem.substring(pkcs8Pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pkcs8Pem.indexOf("-----END"));
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
  }

  private static String read(String file) {
    try {
      return Files.readString(dir.resolve(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(String file, String content) throws IOException {
    Files.writeString(dir.resolve(file), content, StandardCharsets.US_ASCII);
  }
}
