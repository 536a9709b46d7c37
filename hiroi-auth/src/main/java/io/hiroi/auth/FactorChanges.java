package io.hiroi.auth;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Records that a user's second factor changed (enabled, removed, reset) and, per configuration,
 * signs out the user's other sessions, keeping the current one.
 *
 * <p>The host hands the change itself in as an action ({@code persist}: the write to its
 * database) and this class runs it in a fixed order, so that the order cannot be got wrong:
 *
 * <ol>
 *   <li>the audit record ({@link AuthAudit#FACTOR_ENABLED}, {@link AuthAudit#FACTOR_REMOVED},
 *       {@link AuthAudit#FACTOR_RESET}; attributes the factor, the first 8 characters of the
 *       current session's id and whether others are signed out; never a secret, code or credential
 *       id) is written; under {@link AuthAudit#required} a record that cannot be written stops
 *       here ({@link FactorChangeOutcome.Failure#AUDIT_UNAVAILABLE}): nothing is persisted and no
 *       session ends;
 *   <li>the user's other sessions end, when configured for this kind of change; if the session
 *       store cannot answer, a record with outcome {@code failure} ({@code
 *       reason=sessions_not_ended}) follows, {@link AuthStoreException} is thrown and nothing is
 *       persisted, so a removal never stands while a session it meant to end lives on;
 *   <li>{@code persist} runs. If it throws, a record with outcome {@code failure} follows and the
 *       exception propagates unchanged.
 * </ol>
 *
 * <p>An action rather than a returned permission was chosen because a returned value can be
 * ignored: with the action inside the call, no code path persists a change before its record.
 *
 * <p>Signing out other sessions: by default on {@link Change#REMOVED} and {@link Change#RESET},
 * not on {@link Change#ENABLED}. Removing or resetting a factor is what a user does when a device
 * or a code may be in someone else's hands, and what an attacker holding a session does to lock
 * the owner out, so every other session ends; enabling a factor makes the account stronger and
 * need not sign the user out of their other devices. {@link Builder#signOutOthersOn} changes it.
 *
 * <p>Immutable and thread-safe; share one instance.
 *
 * <pre>{@code
 * FactorChangeOutcome o = changes.removed(userId, AuthFactor.TOTP, session.id(), client,
 *     () -> users.deleteTotpSecret(userId));
 * }</pre>
 */
public final class FactorChanges {
  /** A kind of factor change. */
  public enum Change {
    /** A factor was added: TOTP confirmed, passkey registered, recovery codes generated. */
    ENABLED(AuthAudit.FACTOR_ENABLED),
    /** A factor was taken away: TOTP turned off, a passkey deleted, recovery codes dropped. */
    REMOVED(AuthAudit.FACTOR_REMOVED),
    /** A factor was replaced: recovery codes regenerated, TOTP re-enrolled. */
    RESET(AuthAudit.FACTOR_RESET);

    final String eventType;

    Change(String eventType) {
      this.eventType = eventType;
    }
  }

  private final SessionManager sessions;
  private final AuthAudit audit;
  private final Set<Change> signOutOthersOn;

  private FactorChanges(Builder b) {
    this.sessions = b.sessions;
    this.audit = b.audit != null ? b.audit : AuthAudit.none();
    this.signOutOthersOn = b.signOutOthersOn != null ? b.signOutOthersOn : EnumSet.of(Change.REMOVED, Change.RESET);
  }

  /**
   * Starts a configuration over the session manager whose sessions a change may end.
   *
   * @param sessions the session manager
   * @return a new builder
   * @throws NullPointerException if {@code sessions} is null
   */
  public static Builder builder(SessionManager sessions) {
    return new Builder(Objects.requireNonNull(sessions, "sessions"));
  }

  /**
   * Records that a factor was enabled, then runs {@code persist}.
   *
   * @param userId the user
   * @param factor the factor
   * @param currentSessionId the {@linkplain Session#id() id} of the session making the change (kept)
   * @param client the client
   * @param persist the host's write of the change; runs only after the record is written
   * @return whether the change was made
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if other sessions were to end and the session store cannot answer
   *     ({@code persist} did not run)
   */
  public FactorChangeOutcome enabled(String userId, AuthFactor factor, String currentSessionId, ClientInfo client, Runnable persist) {
    return change(Change.ENABLED, userId, factor, currentSessionId, client, persist);
  }

  /**
   * Records that a factor was removed, then (by default) ends the user's other sessions, then runs
   * {@code persist}.
   *
   * @param userId the user
   * @param factor the factor
   * @param currentSessionId the {@linkplain Session#id() id} of the session making the change (kept)
   * @param client the client
   * @param persist the host's write of the change; runs only after the record is written
   * @return whether the change was made, and how many other sessions ended
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if other sessions were to end and the session store cannot answer
   *     ({@code persist} did not run)
   */
  public FactorChangeOutcome removed(String userId, AuthFactor factor, String currentSessionId, ClientInfo client, Runnable persist) {
    return change(Change.REMOVED, userId, factor, currentSessionId, client, persist);
  }

  /**
   * Records that a factor was reset, then (by default) ends the user's other sessions, then runs
   * {@code persist}.
   *
   * @param userId the user
   * @param factor the factor
   * @param currentSessionId the {@linkplain Session#id() id} of the session making the change (kept)
   * @param client the client
   * @param persist the host's write of the change; runs only after the record is written
   * @return whether the change was made, and how many other sessions ended
   * @throws IllegalArgumentException if the user id is invalid
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if other sessions were to end and the session store cannot answer
   *     ({@code persist} did not run)
   */
  public FactorChangeOutcome reset(String userId, AuthFactor factor, String currentSessionId, ClientInfo client, Runnable persist) {
    return change(Change.RESET, userId, factor, currentSessionId, client, persist);
  }

  private FactorChangeOutcome change(Change change, String userId, AuthFactor factor, String currentSessionId, ClientInfo client, Runnable persist) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(currentSessionId, "currentSessionId");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(persist, "persist");
    boolean signOut = signOutOthersOn.contains(change);
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("factor", factor.name().toLowerCase(Locale.ROOT));
    attrs.put("session", Session.isId(currentSessionId) ? currentSessionId.substring(0, 8) : "");
    attrs.put("others_signed_out", signOut);
    if (!audit.record(change.eventType, AuditEvent.SUCCESS, userId, client, attrs)) {
      return FactorChangeOutcome.refused(FactorChangeOutcome.Failure.AUDIT_UNAVAILABLE);
    }
    int ended;
    try {
      ended = signOut ? sessions.revokeAllExcept(userId, currentSessionId) : 0;
    } catch (AuthStoreException e) {
      attrs.put("reason", "sessions_not_ended");
      audit.note(change.eventType, AuditEvent.FAILURE, userId, client, attrs);
      throw e;
    }
    try {
      persist.run();
    } catch (RuntimeException e) {
      attrs.put("reason", "persist_failed");
      audit.note(change.eventType, AuditEvent.FAILURE, userId, client, attrs);
      throw e;
    }
    return FactorChangeOutcome.applied(ended);
  }

  @Override
  public String toString() {
    return "FactorChanges[signOutOthersOn=" + signOutOthersOn + "]";
  }

  /**
   * Configures {@link FactorChanges}. Each setter checks its argument at once and may be called
   * once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final SessionManager sessions;
    private AuthAudit audit;
    private Set<Change> signOutOthersOn;

    private Builder(SessionManager sessions) {
      this.sessions = sessions;
    }

    /**
     * Sets where factor changes are recorded. Default {@link AuthAudit#none()}.
     *
     * @param audit the audit log and its policy
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder audit(AuthAudit audit) {
      Objects.requireNonNull(audit, "audit");
      if (this.audit != null) {
        throw Errors.settingTwice("audit");
      }
      this.audit = audit;
      return this;
    }

    /**
     * Sets which kinds of change end the user's other sessions. Default {@link Change#REMOVED} and
     * {@link Change#RESET}; an empty set ends none.
     *
     * @param changes the kinds of change
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null or holding null
     */
    public Builder signOutOthersOn(Set<Change> changes) {
      Objects.requireNonNull(changes, "changes");
      if (this.signOutOthersOn != null) {
        throw Errors.settingTwice("signOutOthersOn");
      }
      EnumSet<Change> copy = EnumSet.noneOf(Change.class);
      for (Change c : changes) {
        copy.add(Objects.requireNonNull(c, "change"));
      }
      this.signOutOthersOn = Set.copyOf(copy);
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     */
    public FactorChanges build() {
      return new FactorChanges(this);
    }
  }
}
