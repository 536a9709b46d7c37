package io.hiroi.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hiroi.auth.internal.Errors;
import io.hiroi.crypto.internal.StrictBase64Url;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A registered passkey, as the host keeps it in its database: the credential id, the user handle
 * it belongs to, the credential's COSE public key (a public key: nothing here is secret), the
 * signature counter, the transports the browser reported, the authenticator model (AAGUID), the
 * backup flags and the attestation format. {@link PasskeyService#finishRegistration} makes one;
 * {@link PasskeyService#finishAuthentication} returns it updated (counter, backup state), to be
 * written back.
 *
 * <p>Stored form: {@link #toJson()} gives one JSON object, and {@link #fromJson} reads it back
 * (strictly: unknown versions, missing or malformed members are refused):
 *
 * <pre>{@code
 * {"v":1,"credentialId":"<base64url>","userHandle":"<base64url>","publicKey":"<base64url COSE_Key>",
 *  "signCount":0,"transports":["internal","hybrid"],"aaguid":"<uuid>","uvInitialized":true,
 *  "backupEligible":true,"backedUp":true,"attestationFormat":"none"}
 * }</pre>
 *
 * Index the credential id (unique) and the user handle. No webauthn4j type appears in this API.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasskeyCredential {
  /** The largest credential id accepted, in bytes (WebAuthn Level 3 caps it at 1023). */
  public static final int MAX_CREDENTIAL_ID_BYTES = 1023;

  private static final int VERSION = 1;
  private static final int MAX_PUBLIC_KEY_BYTES = 2048;
  private static final Pattern TRANSPORT = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9-]{1,32}");
  static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final String credentialId;
  private final String userHandle;
  private final byte[] publicKey;
  private final long signCount;
  private final Set<String> transports;
  private final UUID aaguid;
  private final boolean uvInitialized;
  private final boolean backupEligible;
  private final boolean backedUp;
  private final String attestationFormat;

  PasskeyCredential(
      String credentialId,
      String userHandle,
      byte[] publicKey,
      long signCount,
      Set<String> transports,
      UUID aaguid,
      boolean uvInitialized,
      boolean backupEligible,
      boolean backedUp,
      String attestationFormat) {
    this.credentialId = credentialId;
    this.userHandle = userHandle;
    this.publicKey = publicKey.clone();
    this.signCount = signCount;
    this.transports = Collections.unmodifiableSet(new LinkedHashSet<>(transports));
    this.aaguid = aaguid;
    this.uvInitialized = uvInitialized;
    this.backupEligible = backupEligible;
    this.backedUp = backedUp;
    this.attestationFormat = attestationFormat;
  }

  PasskeyCredential afterAssertion(long newSignCount, boolean userVerified, boolean newBackedUp) {
    return new PasskeyCredential(
        credentialId,
        userHandle,
        publicKey,
        newSignCount,
        transports,
        aaguid,
        uvInitialized || userVerified,
        backupEligible,
        newBackedUp,
        attestationFormat);
  }

  /**
   * Reads the stored form written by {@link #toJson()}.
   *
   * @param json the stored JSON object
   * @return the credential
   * @throws IllegalArgumentException if the text is not a stored credential of a known version
   * @throws NullPointerException if {@code json} is null
   */
  public static PasskeyCredential fromJson(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw Errors.inconsistent("not a stored passkey credential: not JSON");
    }
    if (node == null || !node.isObject() || !node.path("v").isInt() || node.path("v").asInt() != VERSION || node.size() != 11) {
      throw Errors.inconsistent("not a stored passkey credential of version " + VERSION);
    }
    String id = text(node, "credentialId");
    byte[] idBytes = StrictBase64Url.decode(id);
    if (idBytes == null || idBytes.length < 16 || idBytes.length > MAX_CREDENTIAL_ID_BYTES) {
      throw Errors.inconsistent("stored passkey credential: credentialId is not 16 to 1023 bytes of base64url");
    }
    String handle = text(node, "userHandle");
    PasskeyUser.checkHandle(handle);
    byte[] key = StrictBase64Url.decode(text(node, "publicKey"));
    if (key == null || key.length == 0 || key.length > MAX_PUBLIC_KEY_BYTES) {
      throw Errors.inconsistent("stored passkey credential: publicKey is not base64url of a COSE key");
    }
    JsonNode count = node.get("signCount");
    if (count == null || !count.isIntegralNumber() || !count.canConvertToLong() || count.asLong() < 0
        || count.asLong() > 0xffffffffL) {
      throw Errors.inconsistent("stored passkey credential: signCount is not an unsigned 32-bit integer");
    }
    JsonNode transportsNode = node.get("transports");
    if (transportsNode == null || !transportsNode.isArray() || transportsNode.size() > 16) {
      throw Errors.inconsistent("stored passkey credential: transports is not an array of at most 16");
    }
    Set<String> transports = new LinkedHashSet<>();
    for (JsonNode t : transportsNode) {
      if (!t.isTextual() || !TRANSPORT.matcher(t.asText()).matches()) {
        throw Errors.inconsistent("stored passkey credential: a transport is not a short lower-case name");
      }
      transports.add(t.asText());
    }
    UUID aaguid;
    try {
      aaguid = UUID.fromString(text(node, "aaguid"));
    } catch (IllegalArgumentException e) {
      throw Errors.inconsistent("stored passkey credential: aaguid is not a UUID");
    }
    String format = text(node, "attestationFormat");
    if (!FORMAT.matcher(format).matches()) {
      throw Errors.inconsistent("stored passkey credential: attestationFormat is not a short lower-case name");
    }
    return new PasskeyCredential(
        id,
        handle,
        key,
        count.asLong(),
        transports,
        aaguid,
        bool(node, "uvInitialized"),
        bool(node, "backupEligible"),
        bool(node, "backedUp"),
        format);
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw Errors.inconsistent("stored passkey credential: " + name + " is missing or not a string");
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isBoolean()) {
      throw Errors.inconsistent("stored passkey credential: " + name + " is missing or not a boolean");
    }
    return value.asBoolean();
  }

  /**
   * Writes the stored form, one JSON object (see the class documentation).
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", VERSION);
    node.put("credentialId", credentialId);
    node.put("userHandle", userHandle);
    node.put("publicKey", StrictBase64Url.encode(publicKey));
    node.put("signCount", signCount);
    ArrayNode array = node.putArray("transports");
    transports.forEach(array::add);
    node.put("aaguid", aaguid.toString());
    node.put("uvInitialized", uvInitialized);
    node.put("backupEligible", backupEligible);
    node.put("backedUp", backedUp);
    node.put("attestationFormat", attestationFormat);
    return node.toString();
  }

  /**
   * Returns the credential id, the key to look the credential up by.
   *
   * @return base64url of the credential id bytes
   */
  public String credentialId() {
    return credentialId;
  }

  /**
   * Returns the handle of the user the credential belongs to.
   *
   * @return base64url of the user handle bytes
   */
  public String userHandle() {
    return userHandle;
  }

  /**
   * Returns the credential's public key.
   *
   * @return a copy of the COSE_Key bytes (RFC 9052)
   */
  public byte[] publicKeyCose() {
    return publicKey.clone();
  }

  /**
   * Returns the last signature counter seen; 0 for authenticators that do not count.
   *
   * @return the counter
   */
  public long signCount() {
    return signCount;
  }

  /**
   * Returns the transports the browser reported at registration ({@code usb}, {@code nfc},
   * {@code ble}, {@code hybrid}, {@code internal}), for the next ceremony's hints.
   *
   * @return the transports, possibly empty
   */
  public Set<String> transports() {
    return transports;
  }

  /**
   * Returns the authenticator model's AAGUID (all zeros when the browser hid it).
   *
   * @return the AAGUID
   */
  public UUID aaguid() {
    return aaguid;
  }

  /**
   * Tells whether the authenticator has verified the user (PIN, biometrics) at least once.
   *
   * @return the uvInitialized flag
   */
  public boolean uvInitialized() {
    return uvInitialized;
  }

  /**
   * Tells whether the credential may be synced (backed up) by its provider: a synced passkey.
   *
   * @return the backup-eligible flag
   */
  public boolean backupEligible() {
    return backupEligible;
  }

  /**
   * Tells whether the credential was backed up at its last use.
   *
   * @return the backup-state flag
   */
  public boolean backedUp() {
    return backedUp;
  }

  /**
   * Returns the attestation statement format of the registration ({@code none}, {@code packed},
   * {@code fido-u2f}, {@code tpm}, ...).
   *
   * @return the format name
   */
  public String attestationFormat() {
    return attestationFormat;
  }

  /** Returns the credential id and counter; the public key is not secret, but is left out. */
  @Override
  public String toString() {
    return "PasskeyCredential[id=" + credentialId + ", signCount=" + signCount + "]";
  }
}
