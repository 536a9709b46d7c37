package io.hiroi.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * An {@link AuthThrottle}'s answer: may this account be tried from this client now, and if not,
 * how long to wait.
 *
 * <p>Answer a throttled sign-in with the same generic failure as a wrong password (plus
 * {@code Retry-After}), so that the throttle does not tell an attacker which accounts exist.
 *
 * <p>Immutable and thread-safe.
 */
public final class ThrottleDecision {
  /** Which counter made the caller wait. */
  public enum Scope {
    /** Nothing: the attempt may go ahead. */
    NONE,
    /** The account's failures, from every client. */
    ACCOUNT,
    /** The client's failures, on every account. */
    CLIENT,
    /** Neither could be read: the backend is unavailable. */
    UNKNOWN
  }

  private final Outcome outcome;
  private final boolean allowed;
  private final Scope scope;
  private final Duration retryAfter;
  private final long accountFailures;
  private final long clientFailures;

  ThrottleDecision(
      Outcome outcome, boolean allowed, Scope scope, Duration retryAfter, long accountFailures, long clientFailures) {
    this.outcome = outcome;
    this.allowed = allowed;
    this.scope = scope;
    this.retryAfter = retryAfter;
    this.accountFailures = accountFailures;
    this.clientFailures = clientFailures;
  }

  /**
   * Says whether the attempt may go ahead now.
   *
   * @return whether allowed (or unavailable on a fail-open throttle)
   */
  public boolean isAllowed() {
    return allowed;
  }

  /**
   * Returns {@link Outcome#ALLOWED}, {@link Outcome#DENIED} (wait {@link #retryAfter()}) or
   * {@link Outcome#UNAVAILABLE}.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Returns which counter made the caller wait.
   *
   * @return the scope
   */
  public Scope scope() {
    return scope;
  }

  /**
   * Returns how long the caller must wait before the next attempt; zero when it may go ahead.
   *
   * @return the wait
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * Returns the {@code Retry-After} header value: whole seconds, rounded up, at least 1 when the
   * caller must wait.
   *
   * @return the seconds
   */
  public long retryAfterSeconds() {
    long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return allowed ? 0 : Math.max(1, s);
  }

  /**
   * Returns the account's recent failures (0 when unknown).
   *
   * @return the count
   */
  public long accountFailures() {
    return accountFailures;
  }

  /**
   * Returns the client's recent failures (0 when unknown).
   *
   * @return the count
   */
  public long clientFailures() {
    return clientFailures;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ThrottleDecision)) {
      return false;
    }
    ThrottleDecision d = (ThrottleDecision) o;
    return outcome == d.outcome
        && allowed == d.allowed
        && scope == d.scope
        && retryAfter.equals(d.retryAfter)
        && accountFailures == d.accountFailures
        && clientFailures == d.clientFailures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, allowed, scope, retryAfter, accountFailures, clientFailures);
  }

  @Override
  public String toString() {
    return "ThrottleDecision{"
        + outcome
        + ", scope="
        + scope
        + ", retryAfter="
        + retryAfter
        + ", accountFailures="
        + accountFailures
        + ", clientFailures="
        + clientFailures
        + "}";
  }
}
