package io.pixtrace.agent.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an mTLS client key, as users' tooling writes it, into the one form the SDK reads.
 *
 * <p>The OTLP exporters' {@code setClientTls(key, cert)} (SDK 1.63, {@code TlsUtil.keyManager})
 * accepts only an unencrypted PKCS#8 key: a text that is exactly one {@code -----BEGIN PRIVATE
 * KEY-----} block (or its DER), RSA or EC. It rejects what {@code openssl genrsa}, older
 * {@code openssl req -newkey}, cert-manager ({@code encoding: PKCS1}) and {@code openssl ecparam
 * -genkey} write: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, RFC 8017 A.1.2) and SEC1 ({@code BEGIN
 * EC PRIVATE KEY}, RFC 5915), and any text around the block ({@code EC PARAMETERS}, the {@code
 * Bag Attributes} of {@code openssl pkcs12 -nodes}). imgproxy (Go's {@code tls.X509KeyPair})
 * takes all three forms, so Pixtrace must too.
 *
 * <p>Neither the SDK nor the JDK 17 API reads PKCS#1 or SEC1 (the JDK's PEM API is a preview
 * in 25), and a library that does (Bouncy Castle: bcprov + bcpkix, about 9 MB) would nearly
 * double the agent jar. Both forms, however, are exactly the private-key field of a PKCS#8
 * {@code PrivateKeyInfo} (RFC 5208): wrapping them needs only the algorithm identifier (for EC,
 * the curve OID, read from the SEC1 key's own parameters). That wrapping is all this class
 * does; decoding the key and the certificates stays with the SDK and the JDK.
 */
final class PrivateKeyPem {
  /** {@code rsaEncryption} (1.2.840.113549.1.1.1) with NULL parameters, DER. */
  private static final byte[] RSA_ALGORITHM = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
  };
  /** {@code id-ecPublicKey} (1.2.840.10045.2.1), DER, without the curve that follows it. */
  private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private PrivateKeyPem() {}

  /**
   * The key in {@code text} as a PKCS#8 PEM block, for {@code setClientTls}.
   *
   * @throws IllegalArgumentException when there is no usable key; the message never contains
   *     key material
   */
  static byte[] toPkcs8(String text) {
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no -----BEGIN PRIVATE KEY----- (PKCS#8), RSA PRIVATE KEY (PKCS#1)"
          + " or EC PRIVATE KEY (SEC1) block found");
    }
    String type = m.group(1);
    String body = m.group(2);
    if (type.startsWith("ENCRYPTED") || body.contains("Proc-Type:")) {
      throw new IllegalArgumentException("the key is encrypted; give it unencrypted (openssl pkey -in key.pem -out plain.pem)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + type + " block is not valid base64");
    }
    switch (type) {
      case "PRIVATE KEY":
        return pem(der);
      case "RSA PRIVATE KEY":
        return pem(sequence(VERSION_0, RSA_ALGORITHM, tlv(0x04, der)));
      default:
        byte[] curve = sec1Curve(der);
        return pem(sequence(VERSION_0, sequence(EC_PUBLIC_KEY_OID, curve), tlv(0x04, der)));
    }
  }

  /**
   * The named-curve OID (whole DER element) in the {@code [0] parameters} field of a SEC1
   * {@code ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] parameters, [1] publicKey }}.
   */
  static byte[] sec1Curve(byte[] der) {
    Der key = new Der(der, 0, der.length).enter(0x30);
    while (key.hasMore()) {
      int tag = key.tag();
      Der element = key.next();
      if (tag == 0xa0) {
        if (element.tag() != 0x06) {
          break;
        }
        return element.nextWhole();
      }
    }
    throw new IllegalArgumentException("the EC PRIVATE KEY names no curve (explicit or missing parameters);"
        + " re-export it with: openssl ec -in key.pem -param_enc named_curve");
  }

  private static byte[] pem(byte[] pkcs8) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8);
    return ("-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    return tlv(0x30, content.toByteArray());
  }

  /** One DER element: tag, definite length (short or long form), content. */
  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** A cursor over DER elements in {@code data[pos..end)}: just enough to find the SEC1 curve. */
  private static final class Der {
    private final byte[] data;
    private int pos;
    private final int end;

    Der(byte[] data, int pos, int end) {
      this.data = data;
      this.pos = pos;
      this.end = end;
    }

    boolean hasMore() {
      return pos < end;
    }

    int tag() {
      check(pos < end);
      return data[pos] & 0xff;
    }

    /** The content of the next element, which must have {@code tag}. */
    Der enter(int tag) {
      check(tag() == tag);
      return next();
    }

    /** Skips the next element and returns a cursor over its content. */
    Der next() {
      int p = pos + 1;
      check(p < end);
      int len = data[p++] & 0xff;
      if (len >= 0x80) {
        int bytes = len & 0x7f;
        check(bytes >= 1 && bytes <= 4 && p + bytes <= end);
        len = 0;
        for (int i = 0; i < bytes; i++) {
          len = (len << 8) | (data[p++] & 0xff);
        }
      }
      check(len >= 0 && p + len <= end);
      pos = p + len;
      return new Der(data, p, p + len);
    }

    /** The next element, tag and length included. */
    byte[] nextWhole() {
      int start = pos;
      next();
      byte[] out = new byte[pos - start];
      System.arraycopy(data, start, out, 0, out.length);
      return out;
    }

    private static void check(boolean ok) {
      if (!ok) {
        throw new IllegalArgumentException("the EC PRIVATE KEY is not valid DER");
      }
    }
  }
}
