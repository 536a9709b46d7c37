package io.hiroi.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One server-side session as its store holds it: whose it is, when it was created and last used,
 * when it ends at the latest, when and with which {@linkplain AuthFactor factors} the user last
 * authenticated (for {@linkplain SessionManager#needsStepUp step-up}), and the client it was
 * created from (for a "your devices" page).
 *
 * <p>A session holds no secret: its {@link #id()} is the SHA-256 of the session token, from which
 * the token cannot be recovered, so it may be shown to its user as a handle to revoke one device
 * ({@link SessionManager#revoke(String, String)}). The token itself is only in the {@link
 * IssuedSession} that {@link SessionManager#create} returns.
 *
 * <p>Immutable and thread-safe. Stores build instances with {@link #restore}; hosts get them from
 * {@link SessionManager}.
 */
public final class Session {
  private final String id;
  private final String userId;
  private final Instant createdAt;
  private final Instant lastSeenAt;
  private final Instant expiresAt;
  private final Instant authenticatedAt;
  private final Set<AuthFactor> factors;
  private final ClientInfo client;

  private Session(
      String id,
      String userId,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      Instant authenticatedAt,
      Set<AuthFactor> factors,
      ClientInfo client) {
    this.id = id;
    this.userId = userId;
    this.createdAt = createdAt;
    this.lastSeenAt = lastSeenAt;
    this.expiresAt = expiresAt;
    this.authenticatedAt = authenticatedAt;
    this.factors = factors;
    this.client = client;
  }

  /**
   * Rebuilds a session from its stored fields; for {@link SessionStore} implementations.
   *
   * @param id the session id: 64 lowercase hex characters (SHA-256 of the token)
   * @param userId the owner
   * @param createdAt when the session was created
   * @param lastSeenAt when it was last validated (sliding idle expiry counts from here)
   * @param expiresAt its absolute end
   * @param authenticatedAt when the user last proved who they are in it
   * @param factors the factors of that proof; copied
   * @param client the client it was created from
   * @return the session
   * @throws IllegalArgumentException if the id is not 64 lowercase hex characters
   * @throws NullPointerException if an argument is null
   */
  public static Session restore(
      String id,
      String userId,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      Instant authenticatedAt,
      Set<AuthFactor> factors,
      ClientInfo client) {
    Objects.requireNonNull(id, "id");
    if (!isId(id)) {
      throw new IllegalArgumentException("session id must be 64 lowercase hex characters, was " + id.length() + " characters");
    }
    Objects.requireNonNull(factors, "factors");
    Set<AuthFactor> copy = factors.isEmpty() ? EnumSet.noneOf(AuthFactor.class) : EnumSet.copyOf(factors);
    return new Session(
        id,
        Objects.requireNonNull(userId, "userId"),
        Objects.requireNonNull(createdAt, "createdAt"),
        Objects.requireNonNull(lastSeenAt, "lastSeenAt"),
        Objects.requireNonNull(expiresAt, "expiresAt"),
        Objects.requireNonNull(authenticatedAt, "authenticatedAt"),
        Collections.unmodifiableSet(copy),
        Objects.requireNonNull(client, "client"));
  }

  static boolean isId(String id) {
    if (id.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns a copy last seen at {@code when}; for stores that slide the idle expiry.
   *
   * @param when the new last-seen time
   * @return the updated session
   * @throws NullPointerException if {@code when} is null
   */
  public Session seenAt(Instant when) {
    return new Session(id, userId, createdAt, Objects.requireNonNull(when, "when"), expiresAt, authenticatedAt, factors, client);
  }

  /**
   * Returns the session's public handle: the lowercase hex SHA-256 of its token.
   *
   * @return 64 hex characters
   */
  public String id() {
    return id;
  }

  /**
   * Returns the owner's user id.
   *
   * @return the user id
   */
  public String userId() {
    return userId;
  }

  /**
   * Returns when the session was created (a rotation keeps this time).
   *
   * @return the creation time
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Returns when the session was last validated, to the store's touch granularity.
   *
   * @return the last-seen time
   */
  public Instant lastSeenAt() {
    return lastSeenAt;
  }

  /**
   * Returns the absolute end of the session, whatever its activity.
   *
   * @return the absolute expiry
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Returns when the user last authenticated in this session (sign-in or step-up).
   *
   * @return the authentication time
   */
  public Instant authenticatedAt() {
    return authenticatedAt;
  }

  /**
   * Returns the factors of the last authentication.
   *
   * @return an unmodifiable set
   */
  public Set<AuthFactor> factors() {
    return factors;
  }

  /**
   * Returns the client the session was created from.
   *
   * @return the client information
   */
  public ClientInfo client() {
    return client;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Session)) {
      return false;
    }
    Session s = (Session) o;
    return id.equals(s.id)
        && userId.equals(s.userId)
        && createdAt.equals(s.createdAt)
        && lastSeenAt.equals(s.lastSeenAt)
        && expiresAt.equals(s.expiresAt)
        && authenticatedAt.equals(s.authenticatedAt)
        && factors.equals(s.factors)
        && client.equals(s.client);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Returns the id's first 8 characters and the times; no user id or client text. */
  @Override
  public String toString() {
    return "Session[id="
        + id.substring(0, 8)
        + "..., created="
        + createdAt
        + ", lastSeen="
        + lastSeenAt
        + ", expires="
        + expiresAt
        + ", authenticated="
        + authenticatedAt
        + ", factors="
        + factors
        + "]";
  }
}
