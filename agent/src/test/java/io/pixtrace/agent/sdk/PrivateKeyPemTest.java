package io.pixtrace.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client keys as openssl writes them, and what the SDK's {@code setClientTls} makes of them
 * before and after {@link PrivateKeyPem}. Needs the {@code openssl} command (fails without).
 */
class PrivateKeyPemTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void keys() throws Exception {
    // RSA: PKCS#8 (genpkey) and the same key as PKCS#1 (what genrsa and -traditional write).
    openssl("genpkey", "-quiet", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pkcs8");
    openssl("pkey", "-in", "rsa.pkcs8", "-traditional", "-out", "rsa.pkcs1");
    // EC: what `openssl ecparam -genkey` writes (EC PARAMETERS + SEC1), and the same key as PKCS#8.
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.sec1");
    openssl("pkey", "-in", "ec.sec1", "-out", "ec.pkcs8");
    openssl("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "ec384.sec1");
    openssl("pkey", "-in", "ec384.sec1", "-out", "ec384.pkcs8");
    for (String k : List.of("rsa", "ec", "ec384")) {
      openssl("req", "-x509", "-new", "-key", k + ".pkcs8", "-subj", "/CN=pixtrace-test", "-days", "1", "-out", k + ".pem");
    }
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
    openssl("genpkey", "-quiet", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes-128-cbc",
        "-pass", "pass:secret", "-out", "rsa.encrypted");
    String encrypted = read("rsa.encrypted");
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

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl %s", command).isTrue();
    assertThat(p.exitValue()).as("openssl %s: %s (this test needs the openssl command)", command, out).isZero();
  }
}
