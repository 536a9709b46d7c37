package io.hiroi.examples;

import io.hiroi.crypto.CredentialAccess;
import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.CredentialStatus;
import io.hiroi.crypto.CredentialVault;
import io.hiroi.crypto.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connected-account demo: each user may connect a fake third-party CRM whose access token is
 * stored only as a credential envelope (AES-256-GCM, bound to the user's record), used through
 * {@link CredentialVault#withPlaintext}, and revoked (kept for audit, never decrypted again). A
 * decrypt failure marks it INVALID once. The rows (id, status, envelope: no token in the clear) are
 * written through to {@link Records} before memory changes, so they outlive a restart when the app
 * has a database. Thread-safe.
 */
final class ConnectedAccounts {
  static final String PROVIDER = "fakecrm";

  /** What using the credential showed: never the token, only its first characters and length. */
  static final class Use {
    final CredentialStatus status;
    final String preview;
    final int length;

    Use(CredentialStatus status, String preview, int length) {
      this.status = status;
      this.preview = preview;
      this.length = length;
    }

    @Override
    public String toString() {
      return "Use{" + status + "}";
    }
  }

  static final String KIND = "credential";

  private final Map<String, StoredCredential> byId = new ConcurrentHashMap<>();
  private final CredentialVault vault;
  private final Records records;

  ConnectedAccounts(CredentialCipher cipher) {
    this(cipher, Records.none());
  }

  /** Loads the credentials {@code records} holds; each change is written there first. */
  ConnectedAccounts(CredentialCipher cipher, Records records) {
    this.records = Objects.requireNonNull(records, "records");
    this.vault = CredentialVault.create(cipher, id -> "example/credential/" + id, (invalid, reason) -> store(invalid));
    for (String json : records.all(KIND)) {
      com.fasterxml.jackson.databind.JsonNode n = Json.read(json);
      StoredCredential c = StoredCredential.of(n.get("id").asText(), CredentialStatus.valueOf(n.get("status").asText()), n.get("envelope").asText());
      byId.put(c.id(), c);
    }
  }

  private StoredCredential store(StoredCredential c) {
    records.put(KIND, c.id(), Json.MAPPER.createObjectNode().put("id", c.id()).put("status", c.status().name()).put("envelope", c.envelope()).toString());
    byId.put(c.id(), c);
    return c;
  }

  static String credentialId(String userId) {
    return userId + "/" + PROVIDER;
  }

  Optional<StoredCredential> find(String userId) {
    return Optional.ofNullable(byId.get(credentialId(userId)));
  }

  /** "Connects": the provider handed us a token; only its envelope is kept. */
  StoredCredential connect(String userId) {
    byte[] token = ("fcrm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Accounts.randomBytes(24))).getBytes(StandardCharsets.US_ASCII);
    try {
      return store(vault.seal(credentialId(userId), token));
    } finally {
      java.util.Arrays.fill(token, (byte) 0);
    }
  }

  /** Decrypts the token inside the vault's action and "calls the API" with it. */
  Optional<Use> use(String userId) {
    return find(userId).map(c -> {
      CredentialAccess<Use> access = vault.withPlaintext(c, plaintext -> new Use(CredentialStatus.ACTIVE,
          new String(plaintext, 0, Math.min(7, plaintext.length), StandardCharsets.US_ASCII), plaintext.length));
      return access.isSuccess() ? access.value() : new Use(access.status(), "", 0);
    });
  }

  Optional<StoredCredential> revoke(String userId) {
    return find(userId).map(c -> {
      return store(vault.revoke(c));
    });
  }

  /** Simulates a damaged row (a flipped character in the envelope): the next use marks it INVALID. */
  Optional<StoredCredential> tamper(String userId) {
    return find(userId).filter(c -> c.status() == CredentialStatus.ACTIVE).map(c -> {
      String e = c.envelope();
      int at = e.length() - 3;
      char flipped = e.charAt(at) == 'A' ? 'B' : 'A';
      return store(StoredCredential.of(c.id(), c.status(), e.substring(0, at) + flipped + e.substring(at + 1)));
    });
  }
}
