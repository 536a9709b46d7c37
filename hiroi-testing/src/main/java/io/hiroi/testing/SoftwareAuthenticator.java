package io.hiroi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;

/**
 * A passkey authenticator and browser for tests and benchmarks, independent of webauthn4j: it
 * encodes COSE keys (RFC 9053), authenticator data, {@code none} attestation objects (CBOR, RFC
 * 8949) and client data by hand from the WebAuthn Level 3 byte layouts, signs with the JDK, and
 * answers options JSON the way {@code navigator.credentials.create()/get()} plus {@code toJSON()}
 * do. One instance holds one credential; its counter, flags and user handle can be set to act out
 * clones, synced passkeys or unverified users.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class SoftwareAuthenticator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** The credential's signature algorithm. */
  public enum Algorithm {
    /** ECDSA on P-256 with SHA-256 (COSE -7). */
    ES256,
    /** Ed25519 (COSE -8). */
    EDDSA
  }

  private final byte[] credentialId = new byte[32];
  private final Algorithm algorithm;
  private final KeyPair keys;
  private final String origin;
  private byte[] userHandle;
  private long signCount;
  private boolean userVerified = true;
  private boolean userPresent = true;
  private boolean backupEligible;
  private boolean backedUp;
  private boolean crossOrigin;
  private Integer algorithmLabel;
  private boolean omitAlgorithm;
  private String format = "none";
  private String transportsJson = "[\"internal\",\"hybrid\"]";

  /**
   * Makes an authenticator with a new key pair and a random 32-byte credential id.
   *
   * @param algorithm the key's algorithm
   * @param origin the origin its client data names (the page's origin)
   * @param initialCount the signature counter at registration
   * @throws GeneralSecurityException if the JDK cannot make the key
   */
  public SoftwareAuthenticator(Algorithm algorithm, String origin, long initialCount) throws GeneralSecurityException {
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

  /**
   * Sets the counter; the next assertion reports this value plus one.
   *
   * @param count the counter
   */
  public void signCount(long count) {
    this.signCount = count;
  }

  /**
   * Sets the UV flag of what it sends next.
   *
   * @param verified whether the user was verified
   */
  public void userVerified(boolean verified) {
    this.userVerified = verified;
  }

  /**
   * Sets the UP flag of what it sends next.
   *
   * @param present whether the user was present
   */
  public void userPresent(boolean present) {
    this.userPresent = present;
  }

  /**
   * Sets the backup flags (BE, BS) of what it sends next.
   *
   * @param eligible backup eligible
   * @param backedUp backed up
   */
  public void backup(boolean eligible, boolean backedUp) {
    this.backupEligible = eligible;
    this.backedUp = backedUp;
  }

  /**
   * Marks its client data {@code crossOrigin: true}, as a browser does inside another site's frame.
   *
   * @param cross whether the call is cross-origin
   */
  public void crossOrigin(boolean cross) {
    this.crossOrigin = cross;
  }

  /**
   * Writes another COSE algorithm label into the key (a lie about the key), or none at all.
   *
   * @param label the label to write, or {@code null} to leave the algorithm member out
   */
  public void coseAlgorithm(Integer label) {
    this.algorithmLabel = label;
    this.omitAlgorithm = label == null;
  }

  /**
   * Names another attestation statement format (with an empty statement) at registration.
   *
   * @param format the format name, e.g. {@code apple}
   */
  public void attestationFormat(String format) {
    this.format = format;
  }

  /**
   * Sets the raw JSON array sent as {@code response.transports} at registration.
   *
   * @param json a JSON array, e.g. {@code ["usb"]} or {@code [null,"usb"]}
   */
  public void transportsJson(String json) {
    this.transportsJson = json;
  }

  /**
   * Returns the public key, for a raw signature check.
   *
   * @return the credential's public key
   */
  public java.security.PublicKey publicKey() {
    return keys.getPublic();
  }

  /**
   * Returns the credential id.
   *
   * @return unpadded base64url of the id
   */
  public String credentialIdText() {
    return B64.encodeToString(credentialId);
  }

  /**
   * Answers creation options as {@code navigator.credentials.create()} would, serialized as
   * {@code PublicKeyCredential.toJSON()} does; remembers the options' user handle.
   *
   * @param optionsJson the creation options
   * @return the registration response JSON
   * @throws Exception if the options are not JSON or signing fails
   */
  public String create(String optionsJson) throws Exception {
    JsonNode options = JSON.readTree(optionsJson);
    userHandle = Base64.getUrlDecoder().decode(options.path("user").path("id").asText());
    String rpId = options.path("rp").path("id").asText();
    byte[] clientData = clientData("webauthn.create", options.path("challenge").asText());
    byte[] authData = authenticatorData(rpId, true);
    ByteArrayOutputStream att = new ByteArrayOutputStream();
    att.write(0xa3);
    text(att, "fmt");
    text(att, format);
    text(att, "attStmt");
    att.write(0xa0);
    text(att, "authData");
    bytes(att, authData);
    ObjectNode response = JSON.createObjectNode();
    response.put("clientDataJSON", B64.encodeToString(clientData));
    response.put("attestationObject", B64.encodeToString(att.toByteArray()));
    response.set("transports", JSON.readTree(transportsJson));
    // The members toJSON() adds for convenience (WebAuthn Level 3 RegistrationResponseJSON).
    response.put("authenticatorData", B64.encodeToString(authData));
    response.put("publicKey", B64.encodeToString(keys.getPublic().getEncoded()));
    response.put("publicKeyAlgorithm", algorithm == Algorithm.ES256 ? -7 : -8);
    String json = credential(response);
    ObjectNode full = (ObjectNode) JSON.readTree(json);
    full.putObject("clientExtensionResults").putObject("credProps").put("rk", true);
    return full.toString();
  }

  /**
   * Answers request options as {@code navigator.credentials.get()} would, from this
   * authenticator's origin, with the user handle; the counter grows by one.
   *
   * @param optionsJson the request options
   * @return the authentication response JSON
   * @throws Exception if the options are not JSON or signing fails
   */
  public String get(String optionsJson) throws Exception {
    return get(optionsJson, origin, true);
  }

  /**
   * Answers request options as from another origin, with or without the user handle.
   *
   * @param optionsJson the request options
   * @param fromOrigin the origin the client data names
   * @param withUserHandle whether to send the user handle
   * @return the authentication response JSON
   * @throws Exception if the options are not JSON or signing fails
   */
  public String get(String optionsJson, String fromOrigin, boolean withUserHandle) throws Exception {
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
    response.put("clientDataJSON", B64.encodeToString(clientData));
    response.put("authenticatorData", B64.encodeToString(authData));
    response.put("signature", B64.encodeToString(s.sign()));
    if (withUserHandle) {
      response.put("userHandle", B64.encodeToString(userHandle));
    }
    return credential(response);
  }

  /**
   * Replaces the user handle it sends.
   *
   * @param handle the handle bytes
   */
  public void userHandle(byte[] handle) {
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

  private byte[] clientData(String type, String challenge, String origin) {
    String top = crossOrigin ? ",\"topOrigin\":\"https://framing.example\"" : "";
    return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
            + "\",\"crossOrigin\":" + crossOrigin + top + "}").getBytes(StandardCharsets.UTF_8);
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

  /**
   * Returns the credential public key as a COSE_Key (RFC 9053): EC2 (kty 2, alg -7, crv 1, x, y)
   * or OKP (kty 1, alg -8, crv 6, x).
   *
   * @return the encoded key
   */
  public byte[] coseKey() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (algorithm == Algorithm.ES256) {
      ECPublicKey pub = (ECPublicKey) keys.getPublic();
      out.write(omitAlgorithm ? 0xa4 : 0xa5);
      out.writeBytes(new byte[] {0x01, 0x02});
      algorithm(out, -7);
      out.writeBytes(new byte[] {0x20, 0x01, 0x21, 0x58, 0x20});
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
      out.write(omitAlgorithm ? 0xa3 : 0xa4);
      out.writeBytes(new byte[] {0x01, 0x01});
      algorithm(out, -8);
      out.writeBytes(new byte[] {0x20, 0x06, 0x21, 0x58, 0x20});
      out.writeBytes(x);
    }
    return out.toByteArray();
  }

  /** Writes the map entry 3 (alg): the key's own label, the override, or nothing. */
  private void algorithm(ByteArrayOutputStream out, int own) {
    if (omitAlgorithm) {
      return;
    }
    int label = algorithmLabel != null ? algorithmLabel : own;
    out.write(0x03);
    int n = -1 - label; // CBOR negative integer: major type 1 carries -1 - value
    if (n < 24) {
      out.write(0x20 | n);
    } else if (n < 256) {
      out.write(0x38);
      out.write(n);
    } else {
      out.write(0x39);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
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

}
