package io.hiroi.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.hiroi.auth.PasskeyCredential;
import io.hiroi.auth.PasskeyService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's second-factor records, in memory and written through to {@link Records}: each user's TOTP secret (only ever the credential
 * envelope {@code TotpService} returns; pending until a code confirms it, then active), each
 * user's WebAuthn user handle, and the passkeys ({@link PasskeyCredential#toJson()}: public keys,
 * nothing secret), keyed by their unique credential id. Thread-safe.
 */
final class UserFactors {
  /** One registered passkey of a user. Immutable. */
  static final class Passkey {
    final String userId;
    final PasskeyCredential credential;
    final Instant createdAt;
    final Instant lastUsedAt;

    Passkey(String userId, PasskeyCredential credential, Instant createdAt, Instant lastUsedAt) {
      this.userId = userId;
      this.credential = credential;
      this.createdAt = createdAt;
      this.lastUsedAt = lastUsedAt;
    }

    @Override
    public String toString() {
      return "Passkey{" + userId + "}";
    }
  }

  private final Map<String, String> pendingTotp = new ConcurrentHashMap<>();
  private final Map<String, String> activeTotp = new ConcurrentHashMap<>();
  private final Map<String, String> handleByUser = new ConcurrentHashMap<>();
  private final Map<String, String> userByHandle = new ConcurrentHashMap<>();
  private final Map<String, Passkey> passkeys = new ConcurrentHashMap<>();
  private final Records records;

  UserFactors() {
    this(Records.none());
  }

  /** Loads what {@code records} holds; each change is written there first. */
  UserFactors(Records records) {
    this.records = Objects.requireNonNull(records, "records");
    for (String json : records.all("totp")) {
      JsonNode n = Json.read(json);
      activeTotp.put(n.get("userId").asText(), n.get("envelope").asText());
    }
    for (String json : records.all("handle")) {
      JsonNode n = Json.read(json);
      handleByUser.put(n.get("userId").asText(), n.get("handle").asText());
      userByHandle.put(n.get("handle").asText(), n.get("userId").asText());
    }
    for (String json : records.all("passkey")) {
      JsonNode n = Json.read(json);
      PasskeyCredential c = PasskeyCredential.fromJson(n.get("credential").asText());
      passkeys.put(c.credentialId(), new Passkey(n.get("userId").asText(), c, Instant.parse(n.get("createdAt").asText()),
          n.hasNonNull("lastUsedAt") ? Instant.parse(n.get("lastUsedAt").asText()) : null));
    }
  }

  private void save(Passkey p) {
    records.put("passkey", p.credential.credentialId(), Json.MAPPER.createObjectNode().put("userId", p.userId)
        .put("credential", p.credential.toJson()).put("createdAt", p.createdAt.toString())
        .put("lastUsedAt", p.lastUsedAt == null ? null : p.lastUsedAt.toString()).toString());
  }

  /** Keeps a new TOTP envelope until it is confirmed (replacing an earlier unconfirmed one). */
  void pendingTotp(String userId, String envelope) {
    pendingTotp.put(Objects.requireNonNull(userId, "userId"), Objects.requireNonNull(envelope, "envelope"));
  }

  Optional<String> pendingTotp(String userId) {
    return Optional.ofNullable(pendingTotp.get(userId));
  }

  /** Makes the pending envelope the active one if it is still {@code envelope}; false if it changed meanwhile. */
  boolean activateTotp(String userId, String envelope) {
    if (!pendingTotp.remove(userId, envelope)) {
      return false;
    }
    records.put("totp", userId, Json.MAPPER.createObjectNode().put("userId", userId).put("envelope", envelope).toString());
    activeTotp.put(userId, envelope);
    return true;
  }

  Optional<String> totpSecret(String userId) {
    return Optional.ofNullable(activeTotp.get(userId));
  }

  boolean hasTotp(String userId) {
    return activeTotp.containsKey(userId);
  }

  /** Removes the user's TOTP secret (active and pending); true if one was active. */
  boolean removeTotp(String userId) {
    pendingTotp.remove(userId);
    records.delete("totp", userId);
    return activeTotp.remove(userId) != null;
  }

  /** The user's WebAuthn user handle: random, made on first use, the same for all of the user's passkeys. */
  String userHandle(String userId) {
    return handleByUser.computeIfAbsent(userId, u -> {
      String handle = PasskeyService.newUserHandle();
      records.put("handle", u, Json.MAPPER.createObjectNode().put("userId", u).put("handle", handle).toString());
      userByHandle.put(handle, u);
      return handle;
    });
  }

  Optional<String> userOfHandle(String handle) {
    return Optional.ofNullable(userByHandle.get(Objects.requireNonNull(handle, "handle")));
  }

  /** Stores a new passkey; false when its credential id is already registered (to anyone). */
  boolean addPasskey(String userId, PasskeyCredential credential, Instant now) {
    Passkey p = new Passkey(userId, credential, now, null);
    if (passkeys.putIfAbsent(credential.credentialId(), p) != null) {
      return false;
    }
    save(p);
    return true;
  }

  /** The passkey with this credential id, whoever owns it (what {@code PasskeyService.CredentialLookup} needs). */
  Optional<PasskeyCredential> passkey(String credentialId) {
    return Optional.ofNullable(passkeys.get(credentialId)).map(p -> p.credential);
  }

  /** Records a sign-in's new counter and backup state, if the passkey still exists. */
  void passkeyUsed(PasskeyCredential updated, Instant now) {
    passkeys.computeIfPresent(updated.credentialId(), (id, p) -> {
      Passkey used = new Passkey(p.userId, updated, p.createdAt, now);
      save(used);
      return used;
    });
  }

  /** The user's passkeys, oldest first. */
  List<Passkey> passkeys(String userId) {
    List<Passkey> mine = new ArrayList<>();
    for (Passkey p : passkeys.values()) {
      if (p.userId.equals(userId)) {
        mine.add(p);
      }
    }
    mine.sort(Comparator.comparing((Passkey p) -> p.createdAt).thenComparing(p -> p.credential.credentialId()));
    return mine;
  }

  /** Removes one of the user's passkeys; false if the user has no passkey with that id. */
  boolean removePasskey(String userId, String credentialId) {
    Passkey p = passkeys.get(credentialId);
    if (p == null || !p.userId.equals(userId) || !passkeys.remove(credentialId, p)) {
      return false;
    }
    records.delete("passkey", credentialId);
    return true;
  }
}
