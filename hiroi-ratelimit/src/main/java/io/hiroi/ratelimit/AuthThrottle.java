package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import io.hiroi.ratelimit.internal.Guard;
import io.hiroi.ratelimit.internal.Micros;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Graduated throttling of authentication attempts (sign-in, password reset, TOTP and passkey
 * verification). Failures are counted twice: per account, from every client (many clients
 * guessing one account), and per client, on every account (one client spraying many accounts).
 * Each count allows some free failures, then makes the caller wait an escalating back-off after
 * each further failure: {@code baseDelay}, twice that, four times, ... up to {@code maxDelay}.
 * A successful attempt forgets the account's failures; a count is also forgotten
 * {@code forgetAfter} after its last failure.
 *
 * <p>A success does not forget the client's failures: otherwise an attacker who owns one account
 * could sign in to it between guesses at others and never be slowed down.
 *
 * <p>Use: {@link #check} before verifying the credential (refuse with the generic failure and
 * {@code Retry-After} when not allowed), then {@link #recordFailure} or {@link #recordSuccess}.
 * Fails closed like {@link RateLimiter}: an unavailable backend means "wait".
 *
 * <p>Immutable and thread-safe; build one per authentication flow and share it.
 *
 * <pre>{@code
 * AuthThrottle logins = AuthThrottle.builder("login", backend).build();
 * RateLimitKey account = RateLimitKey.account(email.toLowerCase(Locale.ROOT));
 * RateLimitKey client = RateLimitKey.ip(clientAddress);
 * ThrottleDecision d = logins.check(account, client);
 * if (!d.isAllowed()) { ... generic failure, Retry-After: d.retryAfterSeconds() ... }
 * if (passwordOk) { logins.recordSuccess(account, client); } else { logins.recordFailure(account, client); }
 * }</pre>
 */
public final class AuthThrottle {
  /** Failures an account may have before it must wait, by default. */
  public static final int DEFAULT_ACCOUNT_FREE_FAILURES = 5;

  /** Failures a client may have before it must wait, by default. */
  public static final int DEFAULT_CLIENT_FREE_FAILURES = 20;

  /** The first wait, by default. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);

  /** The longest wait, by default. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(15);

  /** How long after the last failure a count is forgotten, by default. */
  public static final Duration DEFAULT_FORGET_AFTER = Duration.ofHours(1);

  private final String name;
  private final String storageName;
  private final RateLimitBackend backend;
  private final int accountFree;
  private final int clientFree;
  private final long baseMicros;
  private final long maxMicros;
  private final long forgetMicros;
  private final Guard guard;

  private AuthThrottle(Builder b) {
    this.name = b.name;
    this.storageName = "af:" + b.name;
    this.backend = b.backend;
    this.accountFree = b.accountFree == null ? DEFAULT_ACCOUNT_FREE_FAILURES : b.accountFree;
    this.clientFree = b.clientFree == null ? DEFAULT_CLIENT_FREE_FAILURES : b.clientFree;
    this.baseMicros = Micros.of(b.baseDelay == null ? DEFAULT_BASE_DELAY : b.baseDelay);
    this.maxMicros = Micros.of(b.maxDelay == null ? DEFAULT_MAX_DELAY : b.maxDelay);
    this.forgetMicros = Micros.of(b.forgetAfter == null ? DEFAULT_FORGET_AFTER : b.forgetAfter);
    this.guard = b.settings.guard("throttle", b.name);
  }

  /**
   * Starts a builder.
   *
   * @param name the throttle's name: 1 to 32 of {@code a-z 0-9 . _ -}; part of its storage keys
   * @param backend where the counts live
   * @return the builder
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when {@code name} is not valid
   */
  public static Builder builder(String name, RateLimitBackend backend) {
    Limit.checkName(name);
    return new Builder(name, Objects.requireNonNull(backend, "backend"));
  }

  /**
   * Returns the wait that {@code failures} failures earn, with {@code free} free ones.
   *
   * @param failures the count
   * @param free the free failures
   * @return the wait in microseconds
   */
  long delayMicros(long failures, int free) {
    if (failures < free) {
      return 0;
    }
    long doublings = failures - free;
    if (doublings >= 62 || baseMicros > (maxMicros >> doublings)) {
      return maxMicros;
    }
    return Math.min(maxMicros, baseMicros << doublings);
  }

  /**
   * Says whether an attempt on {@code account} from {@code client} may go ahead now; blocks at
   * most about the timeout.
   *
   * @param account the account being tried ({@link RateLimitKey#account} or {@link RateLimitKey#user})
   * @param client the client trying it (normally {@link RateLimitKey#ip})
   * @return the decision; never throws for a backend failure
   * @throws NullPointerException when an argument is {@code null}
   */
  public ThrottleDecision check(RateLimitKey account, RateLimitKey client) {
    return checkAsync(account, client).toCompletableFuture().join();
  }

  /**
   * Says whether an attempt may go ahead now, without blocking.
   *
   * @param account the account being tried
   * @param client the client trying it
   * @return the decision's stage; never completes exceptionally
   * @throws NullPointerException when an argument is {@code null}
   */
  public CompletionStage<ThrottleDecision> checkAsync(RateLimitKey account, RateLimitKey client) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(client, "client");
    CompletableFuture<long[]> a = guard.call(() -> backend.failures(account.value(), storageName));
    CompletableFuture<long[]> c = guard.call(() -> backend.failures(client.value(), storageName));
    return both(a, c, 3, (ar, cr) -> decide(ar[0], ar[1], cr[0], cr[1], ar[2]));
  }

  /**
   * Counts a failed attempt against both the account and the client; blocks at most about the
   * timeout.
   *
   * @param account the account that was tried
   * @param client the client that tried it
   * @return the wait the caller now owes before the next attempt
   * @throws NullPointerException when an argument is {@code null}
   */
  public ThrottleDecision recordFailure(RateLimitKey account, RateLimitKey client) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(client, "client");
    CompletableFuture<long[]> a = guard.call(() -> backend.recordFailure(account.value(), storageName, forgetMicros));
    CompletableFuture<long[]> c = guard.call(() -> backend.recordFailure(client.value(), storageName, forgetMicros));
    return both(a, c, 2, (ar, cr) -> decide(ar[0], ar[1], cr[0], cr[1], ar[1])).toCompletableFuture().join();
  }

  /**
   * Forgets the account's failures after a successful attempt (the client's stay, see the class
   * description); blocks at most about the timeout.
   *
   * @param account the account that was signed in to
   * @param client the client that signed in (kept for symmetry and future use)
   * @return whether the backend confirmed it; {@code false} when it was unavailable
   * @throws NullPointerException when an argument is {@code null}
   */
  public boolean recordSuccess(RateLimitKey account, RateLimitKey client) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(client, "client");
    return guard
        .call(() -> backend.resetFailures(account.value(), storageName))
        .handle(
            (v, error) -> {
              if (error != null) {
                guard.unavailable(error);
                return false;
              }
              guard.answered();
              return true;
            })
        .join();
  }

  private static boolean fits(long[] reply, int length) {
    return reply != null && reply.length == length && reply[0] >= 0;
  }

  private CompletionStage<ThrottleDecision> both(
      CompletableFuture<long[]> a,
      CompletableFuture<long[]> c,
      int replyLength,
      java.util.function.BiFunction<long[], long[], ThrottleDecision> decide) {
    return a.handle((ar, ae) -> ae)
        .thenCombine(c.handle((cr, ce) -> ce), (ae, ce) -> ae != null ? ae : ce)
        .thenApply(
            error -> {
              ThrottleDecision d;
              // A reply of another shape (a custom backend's bug) is a failure like any other:
              // denied, never an exception out of a call documented not to throw.
              if (error == null && fits(a.join(), replyLength) && fits(c.join(), replyLength)) {
                guard.answered();
                d = decide.apply(a.join(), c.join());
              } else {
                guard.unavailable(error == null ? Errors.badReply("failures") : error);
                boolean open = guard.failOpen();
                d = new ThrottleDecision(
                    Outcome.UNAVAILABLE, open, ThrottleDecision.Scope.UNKNOWN, open ? Duration.ZERO : Micros.toDuration(baseMicros), 0, 0);
              }
              guard.notify(d.scope().name().toLowerCase(java.util.Locale.ROOT), d.outcome());
              return d;
            });
  }

  private ThrottleDecision decide(long accountFailures, long accountLast, long clientFailures, long clientLast, long now) {
    long accountWait = accountFailures == 0 ? 0 : accountLast + delayMicros(accountFailures, accountFree) - now;
    long clientWait = clientFailures == 0 ? 0 : clientLast + delayMicros(clientFailures, clientFree) - now;
    long wait = Math.max(accountWait, clientWait);
    if (wait <= 0) {
      return new ThrottleDecision(Outcome.ALLOWED, true, ThrottleDecision.Scope.NONE, Duration.ZERO, accountFailures, clientFailures);
    }
    ThrottleDecision.Scope scope = accountWait >= clientWait ? ThrottleDecision.Scope.ACCOUNT : ThrottleDecision.Scope.CLIENT;
    return new ThrottleDecision(Outcome.DENIED, false, scope, Micros.toDuration(wait), accountFailures, clientFailures);
  }

  @Override
  public String toString() {
    return "AuthThrottle{" + name + "}";
  }

  /**
   * Builds an {@link AuthThrottle}; every setting has a safe default.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final String name;
    private final RateLimitBackend backend;
    private final Settings settings = new Settings();
    private Integer accountFree;
    private Integer clientFree;
    private Duration baseDelay;
    private Duration maxDelay;
    private Duration forgetAfter;

    private Builder(String name, RateLimitBackend backend) {
      this.name = name;
      this.backend = backend;
    }

    /**
     * Sets the failures an account may have before it must wait (default 5).
     *
     * @param failures from 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder accountFreeFailures(int failures) {
      checkFree("accountFreeFailures", failures, accountFree);
      accountFree = failures;
      return this;
    }

    /**
     * Sets the failures a client may have before it must wait (default 20; offices and mobile
     * carriers put many people behind one address).
     *
     * @param failures from 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder clientFreeFailures(int failures) {
      checkFree("clientFreeFailures", failures, clientFree);
      clientFree = failures;
      return this;
    }

    private static void checkFree(String setting, int failures, Integer current) {
      if (failures < 1 || failures > 1000) {
        throw Errors.outOfRange(setting, "1 and 1000", Integer.toString(failures));
      }
      if (current != null) {
        throw Errors.alreadySet(setting);
      }
    }

    /**
     * Sets the first wait, after the last free failure (default 1 s); each further failure
     * doubles it.
     *
     * @param delay from 1 ms to 1 hour
     * @return this builder
     * @throws NullPointerException when {@code delay} is {@code null}
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder baseDelay(Duration delay) {
      baseDelay = checkDuration("baseDelay", delay, Duration.ofMillis(1), Duration.ofHours(1), baseDelay);
      return this;
    }

    /**
     * Sets the longest wait (default 15 minutes).
     *
     * @param delay from 1 s to 1 day, and at least the base delay
     * @return this builder
     * @throws NullPointerException when {@code delay} is {@code null}
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxDelay(Duration delay) {
      maxDelay = checkDuration("maxDelay", delay, Duration.ofSeconds(1), Duration.ofDays(1), maxDelay);
      return this;
    }

    /**
     * Sets how long after its last failure a count is forgotten (default 1 hour).
     *
     * @param forgetAfter from 1 minute to 30 days, and at least the longest wait
     * @return this builder
     * @throws NullPointerException when {@code forgetAfter} is {@code null}
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder forgetAfter(Duration forgetAfter) {
      this.forgetAfter = checkDuration("forgetAfter", forgetAfter, Duration.ofMinutes(1), Duration.ofDays(30), this.forgetAfter);
      return this;
    }

    private static Duration checkDuration(String setting, Duration value, Duration min, Duration max, Duration current) {
      Objects.requireNonNull(value, setting);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw Errors.outOfRange(setting, min + " and " + max, value.toString());
      }
      if (current != null) {
        throw Errors.alreadySet(setting);
      }
      return value;
    }

    /**
     * Sets how long a call waits for the backend (default 20 ms).
     *
     * @param timeout from 1 ms to 10 s
     * @return this builder
     * @throws NullPointerException when {@code timeout} is {@code null}
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder timeout(Duration timeout) {
      settings.timeout(timeout);
      return this;
    }

    /**
     * Sets the listener that hears every check and failure.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException when {@code listener} is {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder listener(RateLimitListener listener) {
      settings.listener(listener);
      return this;
    }

    /**
     * INSECURE: lets attempts through when the backend is unavailable: an attacker who can make
     * Redis unreachable may then guess passwords at full speed.
     *
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public Builder insecureAllowFailOpen() {
      settings.failOpen();
      return this;
    }

    /**
     * Builds the throttle.
     *
     * @return the throttle
     * @throws IllegalArgumentException when the longest wait is below the base delay or above
     *     the forget time
     */
    public AuthThrottle build() {
      Duration base = baseDelay == null ? DEFAULT_BASE_DELAY : baseDelay;
      Duration max = maxDelay == null ? DEFAULT_MAX_DELAY : maxDelay;
      Duration forget = forgetAfter == null ? DEFAULT_FORGET_AFTER : forgetAfter;
      if (max.compareTo(base) < 0) {
        throw Errors.outOfRange("maxDelay", "baseDelay (" + base + ") and P1D", max.toString());
      }
      if (forget.compareTo(max) < 0) {
        throw Errors.outOfRange("forgetAfter", "maxDelay (" + max + ") and P30D", forget.toString());
      }
      return new AuthThrottle(this);
    }
  }
}
