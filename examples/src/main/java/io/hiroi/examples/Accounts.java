package io.hiroi.examples;

import io.hiroi.auth.PasswordAccount;
import io.hiroi.auth.PasswordAuthenticator;
import io.hiroi.auth.PasswordResetAccounts;
import io.hiroi.widget.WidgetApiKeys;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's user repository, in memory: email, Argon2id hash and the user's own widget id. It is
 * what {@link PasswordAuthenticator} and {@code PasswordResetService} read; whether a user has a
 * second factor comes from the {@link UserFactors}. Thread-safe.
 */
final class Accounts implements PasswordResetAccounts {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One user. Immutable; the password hash is a PHC string, never a password. */
  static final class User {
    final String id;
    final String email;
    final String passwordHash;
    final String widgetId;
    final Instant createdAt;

    User(String id, String email, String passwordHash, String widgetId, Instant createdAt) {
      this.id = id;
      this.email = email;
      this.passwordHash = passwordHash;
      this.widgetId = widgetId;
      this.createdAt = createdAt;
    }

    User withPasswordHash(String hash) {
      return new User(id, email, hash, widgetId, createdAt);
    }

    @Override
    public String toString() {
      return "User{" + id + "}";
    }
  }

  private final Map<String, User> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByEmail = new ConcurrentHashMap<>();
  private final UserFactors factors;
  private final Records records;

  Accounts(UserFactors factors) {
    this(factors, Records.none());
  }

  /** Loads the users {@code records} holds; each change is written there first. */
  Accounts(UserFactors factors, Records records) {
    this.factors = Objects.requireNonNull(factors, "factors");
    this.records = Objects.requireNonNull(records, "records");
    for (String json : records.all(KIND)) {
      User u = fromJson(json);
      byId.put(u.id, u);
      idByEmail.put(u.email, u.id);
    }
  }

  static final String KIND = "user";

  private static String toJson(User u) {
    return Json.MAPPER.createObjectNode().put("id", u.id).put("email", u.email).put("passwordHash", u.passwordHash)
        .put("widgetId", u.widgetId).put("createdAt", u.createdAt.toString()).toString();
  }

  private static User fromJson(String json) {
    com.fasterxml.jackson.databind.JsonNode n = Json.read(json);
    return new User(n.get("id").asText(), n.get("email").asText(), n.get("passwordHash").asText(), n.get("widgetId").asText(),
        Instant.parse(n.get("createdAt").asText()));
  }

  /** Creates an account, or returns empty when the (normalised) email is taken. */
  Optional<User> create(String email, String passwordHash, Instant now) {
    String normal = PasswordAuthenticator.normalizeEmail(email);
    String id = "u_" + HexFormat.of().formatHex(randomBytes(8));
    if (idByEmail.putIfAbsent(normal, id) != null) {
      return Optional.empty();
    }
    User user = new User(id, normal, passwordHash, WidgetApiKeys.newWidgetId(), now);
    try {
      records.put(KIND, id, toJson(user));
    } catch (RuntimeException e) {
      idByEmail.remove(normal, id);
      throw e;
    }
    byId.put(id, user);
    return Optional.of(user);
  }

  Optional<User> byId(String id) {
    return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
  }

  Optional<User> byEmail(String email) {
    String id = idByEmail.get(PasswordAuthenticator.normalizeEmail(email));
    return id == null ? Optional.empty() : byId(id);
  }

  @Override
  public Optional<PasswordAccount> findByEmail(String email) {
    return byEmail(email).map(u -> PasswordAccount.of(u.id, u.passwordHash));
  }

  @Override
  public void updatePasswordHash(String userId, String passwordHash) {
    byId.computeIfPresent(userId, (k, u) -> {
      User changed = u.withPasswordHash(passwordHash);
      records.put(KIND, k, toJson(changed));
      return changed;
    });
  }

  /** A password sign-in (also after a reset) must pass TOTP when the user has it; a passkey is a sign-in of its own. */
  @Override
  public boolean hasSecondFactor(String userId) {
    return factors.hasTotp(userId);
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
