package io.hiroi.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hiroi.crypto.internal.StrictBase64Url;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * A passkey authenticator written for tests, independent of webauthn4j: it encodes COSE keys,
 * authenticator data, attestation objects and client data by hand from the WebAuthn Level 3 and
 * RFC 9052/8949 byte layouts, and signs with the JDK. One instance holds one credential.
 */
final class SoftwareAuthenticator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  enum Algorithm { ES256, EDDSA }

  final byte[] credentialId = new byte[32];
  private final Algorithm algorithm;
  private final KeyPair keys;
  private final String origin;
  private byte[] userHandle;
  long signCount;
  boolean userVerified = true;
  boolean userPresent = true;
  boolean backupEligible;
  boolean backedUp;

  SoftwareAuthenticator(Algorithm algorithm, String origin, long initialCount) throws GeneralSecurityException {
    this.algorithm = algorithm;
    this.origin = origin;
    this.signCount = initialCount;
    RANDOM.nextBytes(credentialId);
    if (algorithm == Algorithm.ES256) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      keys = g.generateKeyPair();
    } else {
      keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
  }

  String credentialIdText() {
    return StrictBase64Url.encode(credentialId);
  }

  /** What navigator.credentials.create() would return for these options, as toJSON() gives it. */
  String create(String optionsJson) throws Exception {
    JsonNode options = JSON.readTree(optionsJson);
    userHandle = StrictBase64Url.decode(options.path("user").path("id").asText());
    String rpId = options.path("rp").path("id").asText();
    byte[] clientData = clientData("webauthn.create", options.path("challenge").asText());
    byte[] authData = authenticatorData(rpId, true);
    ByteArrayOutputStream att = new ByteArrayOutputStream();
    att.write(0xa3);
    text(att, "fmt");
    text(att, "none");
    text(att, "attStmt");
    att.write(0xa0);
    text(att, "authData");
    bytes(att, authData);
    ObjectNode response = JSON.createObjectNode();
    response.put("clientDataJSON", StrictBase64Url.encode(clientData));
    response.put("attestationObject", StrictBase64Url.encode(att.toByteArray()));
    response.putArray("transports").add("internal").add("hybrid");
    return credential(response);
  }

  /** What navigator.credentials.get() would return for these options. */
  String get(String optionsJson) throws Exception {
    return get(optionsJson, origin, true);
  }

  String get(String optionsJson, String fromOrigin, boolean withUserHandle) throws Exception {
    JsonNode options = JSON.readTree(optionsJson);
    signCount++;
    byte[] clientData = clientData("webauthn.get", options.path("challenge").asText(), fromOrigin);
    byte[] authData = authenticatorData(options.path("rpId").asText(), false);
    byte[] signed = ByteBuffer.allocate(authData.length + 32)
        .put(authData).put(MessageDigest.getInstance("SHA-256").digest(clientData)).array();
    Signature s = Signature.getInstance(algorithm == Algorithm.ES256 ? "SHA256withECDSA" : "Ed25519");
    s.initSign(keys.getPrivate());
    s.update(signed);
    ObjectNode response = JSON.createObjectNode();
    response.put("clientDataJSON", StrictBase64Url.encode(clientData));
    response.put("authenticatorData", StrictBase64Url.encode(authData));
    response.put("signature", StrictBase64Url.encode(s.sign()));
    if (withUserHandle) {
      response.put("userHandle", StrictBase64Url.encode(userHandle));
    }
    return credential(response);
  }

  void userHandle(byte[] handle) {
    this.userHandle = handle.clone();
  }

  private String credential(ObjectNode response) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", credentialIdText());
    c.put("rawId", credentialIdText());
    c.put("type", "public-key");
    c.set("response", response);
    c.putObject("clientExtensionResults");
    c.put("authenticatorAttachment", "platform");
    return c.toString();
  }

  private byte[] clientData(String type, String challenge) {
    return clientData(type, challenge, origin);
  }

  private static byte[] clientData(String type, String challenge, String origin) {
    return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
            + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
  }

  private byte[] authenticatorData(String rpId, boolean attested) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)));
    int flags = (userPresent ? 0x01 : 0) | (userVerified ? 0x04 : 0) | (backupEligible ? 0x08 : 0)
        | (backedUp ? 0x10 : 0) | (attested ? 0x40 : 0);
    out.write(flags);
    out.write(ByteBuffer.allocate(4).putInt((int) signCount).array());
    if (attested) {
      out.write(new byte[16]); // AAGUID: zeros, as browsers send with attestation 'none'
      out.write(credentialId.length >> 8);
      out.write(credentialId.length & 0xff);
      out.write(credentialId);
      out.write(coseKey());
    }
    return out.toByteArray();
  }

  /** RFC 9053 COSE_Key: EC2 (kty 2, alg -7, crv 1, x, y) or OKP (kty 1, alg -8, crv 6, x). */
  byte[] coseKey() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (algorithm == Algorithm.ES256) {
      ECPublicKey pub = (ECPublicKey) keys.getPublic();
      out.writeBytes(new byte[] {(byte) 0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20});
      out.writeBytes(fixed(pub.getW().getAffineX()));
      out.writeBytes(new byte[] {0x22, 0x58, 0x20});
      out.writeBytes(fixed(pub.getW().getAffineY()));
    } else {
      EdECPublicKey pub = (EdECPublicKey) keys.getPublic();
      // RFC 8032: the y coordinate little-endian, with x's parity in the top bit of the last byte.
      byte[] y = fixed(pub.getPoint().getY());
      byte[] x = new byte[32];
      for (int i = 0; i < 32; i++) {
        x[i] = y[31 - i];
      }
      if (pub.getPoint().isXOdd()) {
        x[31] |= (byte) 0x80;
      }
      out.writeBytes(new byte[] {(byte) 0xa4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20});
      out.writeBytes(x);
    }
    return out.toByteArray();
  }

  private static byte[] fixed(BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static void text(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(0x60 | b.length); // every text here is shorter than 24 bytes
    out.writeBytes(b);
  }

  private static void bytes(ByteArrayOutputStream out, byte[] b) {
    out.write(0x59);
    out.write(b.length >> 8);
    out.write(b.length & 0xff);
    out.writeBytes(b);
  }

  byte[] userHandleBytes() {
    return Arrays.copyOf(userHandle, userHandle.length);
  }
}
