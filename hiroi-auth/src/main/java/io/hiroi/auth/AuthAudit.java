package io.hiroi.auth;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditLog;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where hiroi-auth records its security-relevant outcomes: an optional, host-supplied {@link
 * AuditLog} and the policy for a record that cannot be written. Each event has a type of the form
 * {@code auth.<thing>.<what happened>} (the constants below), the user id as {@code actor} when
 * one is known, the client's IP address and user agent when the caller passed them, and a few
 * attributes. No event holds a token, a token's or session's full hash, a password, a password
 * hash, a cookie value or an email address: a failed sign-in for an unknown email names no actor,
 * because what was typed into the email field may be a password.
 *
 * <p>When recording fails (the sink is down, the log closed or full under {@code Overflow.FAIL}):
 *
 * <ul>
 *   <li>{@link #required(AuditLog)}: an outcome that grants something does not happen without its
 *       record. A sign-in fails ({@link PasswordCheck.Failure#AUDIT_UNAVAILABLE}), a created or
 *       rotated session is removed again and {@link AuthStoreException} thrown, a password reset
 *       changes nothing ({@link PasswordReset.Failure#AUDIT_UNAVAILABLE}). An outcome that denies or
 *       ends something (a failed or throttled sign-in, a revocation, a reset request, a new device)
 *       stands, and the failure is logged at {@code ERROR} with the event type and the exception's
 *       class only: refusing to end a session because the trail is down would help nobody.
 *   <li>{@link #bestEffort(AuditLog)}: every outcome stands; a failure is logged at {@code ERROR}.
 *   <li>{@link #none()}: nothing is recorded (the default of every hiroi-auth service).
 * </ul>
 *
 * <p>A record is written before the outcome is returned, so with the log's default {@code
 * DURABLE} acknowledgement each recorded outcome waits for its (group-committed) {@code fsync}.
 *
 * <p>Immutable and thread-safe; share one instance (the log it wraps is thread-safe).
 */
public final class AuthAudit {
  /** A sign-in whose credential was right. */
  public static final String LOGIN_SUCCEEDED = "auth.login.succeeded";

  /** A sign-in with an unknown account or a wrong credential (attribute {@code reason}). */
  public static final String LOGIN_FAILED = "auth.login.failed";

  /** A sign-in refused by the throttle before any check (attributes {@code scope}, {@code retry_after_s}). */
  public static final String LOGIN_THROTTLED = "auth.login.throttled";

  /** A new session (attributes {@code session}, the first 8 hex characters of its id, and {@code factors}). */
  public static final String SESSION_CREATED = "auth.session.created";

  /** A session's token replaced after a privilege change (attributes {@code session}, {@code factors}). */
  public static final String SESSION_ROTATED = "auth.session.rotated";

  /** One session ended (attribute {@code session}). */
  public static final String SESSION_REVOKED = "auth.session.revoked";

  /** Every session of a user ended: sign out everywhere, or after a password reset (attribute {@code count}). */
  public static final String SESSIONS_REVOKED_ALL = "auth.session.revoked_all";

  /** A password reset was asked for (attribute {@code registered}: whether the email has an account). */
  public static final String PASSWORD_RESET_REQUESTED = "auth.password_reset.requested";

  /** A password reset request or attempt refused by the rate limit (attribute {@code step}). */
  public static final String PASSWORD_RESET_THROTTLED = "auth.password_reset.throttled";

  /** A password was reset (attributes {@code sessions_revoked}, {@code second_factor}). */
  public static final String PASSWORD_RESET_COMPLETED = "auth.password_reset.completed";

  /** A password reset attempt that failed (attribute {@code reason}). */
  public static final String PASSWORD_RESET_FAILED = "auth.password_reset.failed";

  /** A sign-in from a device or network not seen for this user (attributes {@code new_device}, {@code new_network}). */
  public static final String DEVICE_NEW = "auth.device.new";

  /** A first factor passed for a user with a second factor; a second is now asked for (attributes {@code challenge}, {@code factors}). */
  public static final String SECOND_FACTOR_REQUIRED = "auth.second_factor.required";

  /** A second factor completed a pending sign-in (attributes {@code challenge}, {@code factor}, {@code factors}). */
  public static final String SECOND_FACTOR_SUCCEEDED = "auth.second_factor.succeeded";

  /**
   * A second factor that did not complete a pending sign-in (attributes {@code challenge}, {@code
   * reason}: {@code wrong_factor}, {@code subject_mismatch} with {@code proven_by}, {@code expired}).
   */
  public static final String SECOND_FACTOR_FAILED = "auth.second_factor.failed";

  /** A factor was enabled: TOTP confirmed, passkey registered, recovery codes generated (attributes {@code factor}, {@code others_signed_out}). */
  public static final String FACTOR_ENABLED = "auth.factor.enabled";

  /** A factor was removed (attributes {@code factor}, {@code others_signed_out}). */
  public static final String FACTOR_REMOVED = "auth.factor.removed";

  /** A factor was reset: recovery codes regenerated, TOTP re-enrolled (attributes {@code factor}, {@code others_signed_out}). */
  public static final String FACTOR_RESET = "auth.factor.reset";

  private static final Logger LOG = LoggerFactory.getLogger(AuthAudit.class);
  private static final AuthAudit NONE = new AuthAudit(null, false);

  private final AuditLog log;
  private final boolean required;

  private AuthAudit(AuditLog log, boolean required) {
    this.log = log;
    this.required = required;
  }

  /**
   * Records through a log, and lets no granting outcome happen without its record.
   *
   * @param log the host's audit log
   * @return the audit configuration
   * @throws NullPointerException if {@code log} is null
   */
  public static AuthAudit required(AuditLog log) {
    return new AuthAudit(Objects.requireNonNull(log, "log"), true);
  }

  /**
   * Records through a log; an outcome whose record fails still happens (the failure is logged).
   *
   * @param log the host's audit log
   * @return the audit configuration
   * @throws NullPointerException if {@code log} is null
   */
  public static AuthAudit bestEffort(AuditLog log) {
    return new AuthAudit(Objects.requireNonNull(log, "log"), false);
  }

  /**
   * Records nothing.
   *
   * @return the audit configuration that records nothing
   */
  public static AuthAudit none() {
    return NONE;
  }

  /**
   * Tells whether a granting outcome must be refused when its record cannot be written.
   *
   * @return {@code true} for {@link #required(AuditLog)}
   */
  public boolean isRequired() {
    return required;
  }

  /**
   * Records one event.
   *
   * @param type one of the type constants
   * @param outcome {@link AuditEvent#SUCCESS}, {@link AuditEvent#FAILURE} or {@link AuditEvent#DENIED}
   * @param actor the user id, or null when unknown
   * @param client the client, or null
   * @param attributes string, long or boolean values, under names that hold no secret
   * @return {@code false} only when the log is required and the record could not be written
   */
  boolean record(String type, String outcome, String actor, ClientInfo client, Map<String, Object> attributes) {
    if (log == null) {
      return true;
    }
    try {
      AuditEvent.Builder b = log.event(type).outcome(outcome);
      if (actor != null) {
        b.actor(actor);
      }
      if (client != null && !client.ipAddress().isEmpty()) {
        b.ip(client.ipAddress());
      }
      if (client != null && !client.userAgent().isEmpty()) {
        b.userAgent(client.userAgent());
      }
      for (Map.Entry<String, Object> a : attributes.entrySet()) {
        Object v = a.getValue();
        if (v instanceof Boolean) {
          b.attribute(a.getKey(), (Boolean) v);
        } else if (v instanceof Number) {
          b.attribute(a.getKey(), ((Number) v).longValue());
        } else {
          b.attribute(a.getKey(), String.valueOf(v));
        }
      }
      log.record(b.build());
      return true;
    } catch (RuntimeException e) {
      LOG.error("audit record {} could not be written ({}); {}", type, e.getClass().getSimpleName(), required ? "required" : "best effort");
      return !required;
    }
  }

  /**
   * Records an event whose outcome stands whatever happens to the record (a denial, an ending).
   *
   * @param type the type
   * @param outcome the outcome
   * @param actor the user id, or null
   * @param client the client, or null
   * @param attributes the attributes
   */
  void note(String type, String outcome, String actor, ClientInfo client, Map<String, Object> attributes) {
    record(type, outcome, actor, client, attributes);
  }

  /** Names the policy only. */
  @Override
  public String toString() {
    return log == null ? "AuthAudit[none]" : "AuthAudit[" + (required ? "required" : "best effort") + ", " + log + "]";
  }
}
