package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import io.hiroi.ratelimit.internal.Guard;
import io.hiroi.ratelimit.internal.Micros;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Caps how many long-lived connections (SSE streams, websockets) one key holds at once, across
 * replicas when the backend is Redis. {@link #acquire} returns a {@link ConcurrencyPermit}; closing
 * it gives the slot back.
 *
 * <p>A permit is a lease: it expires {@code leaseTime} after it was taken or last renewed, so a
 * replica that crashes while holding permits locks nobody out for longer than that. A live holder
 * calls {@link ConcurrencyPermit#renew()} well within the lease time (a third of it is a good
 * heartbeat) and closes the connection when renewal fails.
 *
 * <p>Fails closed like {@link RateLimiter}: an unavailable backend means no permit, unless built
 * with {@link Builder#insecureAllowFailOpen()}.
 *
 * <p>Immutable and thread-safe; build one per kind of connection and share it.
 *
 * <pre>{@code
 * ConcurrencyLimiter streams = ConcurrencyLimiter.builder("sse", backend, 3).build();
 * try (ConcurrencyPermit permit = streams.acquire(RateLimitKey.user(userId))) {
 *   if (!permit.isGranted()) { ... 429 ... }
 *   ... stream, calling permit.renew() every 20 s and stopping when it returns false ...
 * }
 * }</pre>
 */
public final class ConcurrencyLimiter {
  /** How long a permit lasts unless renewed, by default. */
  public static final Duration DEFAULT_LEASE_TIME = Duration.ofMinutes(1);

  private static final int LEASE_ID_BYTES = 16;
  private static final int MAX_PERMITS = 10_000;

  private final String name;
  private final String storageName;
  private final RateLimitBackend backend;
  private final int maxPermits;
  private final long leaseMicros;
  private final Guard guard;
  private final SecureRandom random = new SecureRandom();

  private ConcurrencyLimiter(Builder b) {
    this.name = b.name;
    this.storageName = "cc:" + b.name;
    this.backend = b.backend;
    this.maxPermits = b.maxPermits;
    this.leaseMicros = Micros.of(b.leaseTime == null ? DEFAULT_LEASE_TIME : b.leaseTime);
    this.guard = b.settings.guard("connection cap", b.name);
  }

  /**
   * Starts a builder.
   *
   * @param name the cap's name: 1 to 32 of {@code a-z 0-9 . _ -}; part of its storage keys
   * @param backend where the leases live
   * @param maxPermits how many permits one key may hold at once, 1 to 10,000
   * @return the builder
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when {@code name} or {@code maxPermits} is not valid
   */
  public static Builder builder(String name, RateLimitBackend backend, int maxPermits) {
    Limit.checkName(name);
    Objects.requireNonNull(backend, "backend");
    if (maxPermits < 1 || maxPermits > MAX_PERMITS) {
      throw Errors.outOfRange("maxPermits", "1 and " + MAX_PERMITS, Integer.toString(maxPermits));
    }
    return new Builder(name, backend, maxPermits);
  }

  /**
   * Returns the cap's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Takes a permit if the key holds fewer than the cap; blocks at most about the timeout.
   *
   * @param key whose connections
   * @return the permit, granted or not; never throws for a backend failure
   * @throws NullPointerException when {@code key} is {@code null}
   */
  public ConcurrencyPermit acquire(RateLimitKey key) {
    return acquireAsync(key).toCompletableFuture().join();
  }

  /**
   * Takes a permit if the key holds fewer than the cap, without blocking.
   *
   * @param key whose connections
   * @return the permit's stage; never completes exceptionally
   * @throws NullPointerException when {@code key} is {@code null}
   */
  public CompletionStage<ConcurrencyPermit> acquireAsync(RateLimitKey key) {
    Objects.requireNonNull(key, "key");
    String leaseId = newLeaseId();
    CompletableFuture<long[]> reply =
        guard.call(() -> backend.acquireLease(key.value(), storageName, leaseId, maxPermits, leaseMicros));
    return reply.handle(
        (r, error) -> {
          Outcome outcome;
          long held = 0;
          if (error == null && r != null && r.length == 2 && (r[0] == 0 || r[0] == 1)) {
            guard.answered();
            outcome = r[0] == 1 ? Outcome.ALLOWED : Outcome.DENIED;
            held = r[1];
          } else {
            guard.unavailable(error == null ? Errors.badReply("acquireLease") : error);
            outcome = Outcome.UNAVAILABLE;
            // The backend may still grant the lease after the caller stopped waiting (a timeout):
            // release it, so that a slow answer does not hold a slot for the whole lease time. On
            // one connection the release goes after the acquire, so it finds the lease if the
            // acquire took it; its own answer is not waited for.
            releaseQuietly(key.value(), leaseId);
          }
          guard.notify(name, outcome);
          boolean granted = outcome == Outcome.ALLOWED || (outcome == Outcome.UNAVAILABLE && guard.failOpen());
          return new ConcurrencyPermit(this, key.value(), outcome == Outcome.ALLOWED ? leaseId : null, outcome, granted, held);
        });
  }

  private String newLeaseId() {
    byte[] id = new byte[LEASE_ID_BYTES];
    random.nextBytes(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  boolean renew(String tag, String leaseId) {
    CompletableFuture<Boolean> reply = guard.call(() -> backend.renewLease(tag, storageName, leaseId, leaseMicros));
    return reply
        .handle(
            (renewed, error) -> {
              if (error != null || renewed == null) {
                guard.unavailable(error == null ? Errors.badReply("renewLease") : error);
                return false;
              }
              guard.answered();
              return renewed;
            })
        .join();
  }

  /** Sends a release without waiting for it or minding how it ends (an unknown lease is a no-op). */
  private void releaseQuietly(String tag, String leaseId) {
    try {
      backend.releaseLease(tag, storageName, leaseId);
    } catch (RuntimeException e) {
      // The backend is failing already; the lease, if it was taken, runs out by itself.
    }
  }

  void release(String tag, String leaseId) {
    guard.call(() -> backend.releaseLease(tag, storageName, leaseId)).handle((v, error) -> v).join();
  }

  @Override
  public String toString() {
    return "ConcurrencyLimiter{" + name + ", max " + maxPermits + " per key}";
  }

  /**
   * Builds a {@link ConcurrencyLimiter}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final String name;
    private final RateLimitBackend backend;
    private final int maxPermits;
    private final Settings settings = new Settings();
    private Duration leaseTime;

    private Builder(String name, RateLimitBackend backend, int maxPermits) {
      this.name = name;
      this.backend = backend;
      this.maxPermits = maxPermits;
    }

    /**
     * Sets how long a permit lasts unless renewed (default 1 minute): the longest a crashed
     * holder keeps a slot taken.
     *
     * @param leaseTime from 1 s to 1 day
     * @return this builder
     * @throws NullPointerException when {@code leaseTime} is {@code null}
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder leaseTime(Duration leaseTime) {
      Objects.requireNonNull(leaseTime, "leaseTime");
      if (leaseTime.compareTo(Duration.ofSeconds(1)) < 0 || leaseTime.compareTo(Duration.ofDays(1)) > 0) {
        throw Errors.outOfRange("leaseTime", "PT1S and P1D", leaseTime.toString());
      }
      if (this.leaseTime != null) {
        throw Errors.alreadySet("leaseTime");
      }
      this.leaseTime = leaseTime;
      return this;
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
     * Sets the listener that hears every acquire.
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
     * INSECURE: grants a permit (without a lease, so nothing caps the key) when the backend is
     * unavailable, instead of refusing one.
     *
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public Builder insecureAllowFailOpen() {
      settings.failOpen();
      return this;
    }

    /**
     * Builds the cap.
     *
     * @return the cap
     */
    public ConcurrencyLimiter build() {
      return new ConcurrencyLimiter(this);
    }
  }
}
