package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import io.hiroi.ratelimit.internal.Gcra;
import io.hiroi.ratelimit.internal.Guard;
import io.hiroi.ratelimit.internal.Micros;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers "may key K spend n permits now?" against one or more {@link Limit}s, checked together:
 * the permits are spent under every limit or under none, in one backend call (one Redis round
 * trip, one Lua script). The algorithm is GCRA: one stored time per key and limit, exact under
 * concurrency, across threads and across replicas sharing one Redis.
 *
 * <p>Fails closed: when the backend errs or does not answer within the timeout (20 ms by default)
 * the answer is a {@link Decision} with {@link Outcome#UNAVAILABLE} that denies. No method throws
 * for a backend failure. A limiter built with {@link Builder#insecureAllowFailOpen()} allows
 * instead, and says so in its log line. When the backend answers again, decisions are exact again
 * without a restart.
 *
 * <p>Immutable and thread-safe; build one per endpoint policy and share it.
 *
 * <pre>{@code
 * RateLimiter perIp = RateLimiter.builder("login-ip", backend)
 *     .limit(Limit.perMinute("minute", 5))
 *     .limit(Limit.perHour("hour", 100))
 *     .build();
 * Decision d = perIp.tryAcquire(RateLimitKey.ip(clientAddress));
 * if (!d.isAllowed()) { ... 429 with d.headers() ... }
 * }</pre>
 */
public final class RateLimiter {
  /** How long a caller is told to wait when the backend was unavailable, by default. */
  public static final Duration DEFAULT_UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(1);

  private static final int MAX_LIMITS = 8;

  private final String name;
  private final RateLimitBackend backend;
  private final List<Limit> limits;
  private final List<String> storageNames;
  private final long[] intervals;
  private final long[] tolerances;
  private final long maxPermits;
  private final Duration unavailableRetryAfter;
  private final Guard guard;
  private final InMemoryRateLimitBackend memory;
  private final InMemoryRateLimitBackend.Space memorySpace;

  private RateLimiter(Builder b) {
    this.name = b.name;
    this.backend = b.backend;
    this.limits = List.copyOf(b.limits);
    this.unavailableRetryAfter = b.unavailableRetryAfter == null ? DEFAULT_UNAVAILABLE_RETRY_AFTER : b.unavailableRetryAfter;
    List<String> names = new ArrayList<>();
    intervals = new long[limits.size()];
    tolerances = new long[limits.size()];
    long smallestBurst = Long.MAX_VALUE;
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      names.add("rl:" + name + ":" + limit.name());
      intervals[i] = limit.intervalMicros();
      tolerances[i] = limit.toleranceMicros();
      smallestBurst = Math.min(smallestBurst, limit.burst());
    }
    this.storageNames = List.copyOf(names);
    this.maxPermits = smallestBurst;
    this.guard = b.settings.guard("rate limiter", name);
    this.memory = backend instanceof InMemoryRateLimitBackend ? (InMemoryRateLimitBackend) backend : null;
    this.memorySpace = memory == null ? null : memory.space(storageNames);
  }

  /**
   * Starts a builder.
   *
   * @param name the limiter's name: 1 to 32 of {@code a-z 0-9 . _ -}; part of its storage keys,
   *     so two limiters sharing a backend must have different names
   * @param backend where the state lives
   * @return the builder
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when {@code name} is not valid
   */
  public static Builder builder(String name, RateLimitBackend backend) {
    Limit.checkName(name);
    return new Builder(name, Objects.requireNonNull(backend, "backend"));
  }

  /**
   * Returns the limiter's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the limits, in the order they were added.
   *
   * @return the limits
   */
  public List<Limit> limits() {
    return limits;
  }

  /**
   * Spends one permit if every limit allows it; blocks at most about the timeout.
   *
   * @param key whose permits
   * @return the decision; never throws for a backend failure
   * @throws NullPointerException when {@code key} is {@code null}
   */
  public Decision tryAcquire(RateLimitKey key) {
    return tryAcquire(key, 1);
  }

  /**
   * Spends {@code permits} permits if every limit allows them all; blocks at most about the
   * timeout.
   *
   * @param key whose permits
   * @param permits how many, from 1 to the smallest burst of the limits
   * @return the decision; never throws for a backend failure
   * @throws NullPointerException when {@code key} is {@code null}
   * @throws IllegalArgumentException when {@code permits} is out of range
   */
  public Decision tryAcquire(RateLimitKey key, long permits) {
    if (memorySpace != null) {
      checkPermits(key, permits);
      return spendInMemory(key, permits); // no stage at all
    }
    checkPermits(key, permits);
    CompletableFuture<long[]> reply;
    try {
      reply = backend.spend(key.value(), storageNames, intervals, tolerances, permits).toCompletableFuture();
    } catch (RuntimeException e) {
      return settle(null, e, permits);
    }
    // Waits on this thread, at most the timeout: no bounded copy of the stage, no timer task and
    // no dependent stage per decision, which the asynchronous call needs and this one does not.
    long[] r = null;
    Throwable error = null;
    try {
      r = reply.isDone() ? reply.join() : reply.get(guard.timeoutNanos(), TimeUnit.NANOSECONDS);
    } catch (CompletionException | ExecutionException e) {
      error = e.getCause() == null ? e : e.getCause();
    } catch (TimeoutException | CancellationException e) {
      reply.cancel(false); // a decision still waiting to be sent is then dropped, not spent
      error = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // denied as unavailable; the caller sees the interrupt
      reply.cancel(false);
      error = e;
    }
    return settle(r, error, permits);
  }

  /**
   * Spends {@code permits} permits if every limit allows them all, without blocking. The stage
   * always completes normally, within about the timeout, with a decision (for Redis, on one of
   * Lettuce's I/O threads: hand long work to an executor of your own).
   *
   * @param key whose permits
   * @param permits how many, from 1 to the smallest burst of the limits
   * @return the decision's stage; never completes exceptionally
   * @throws NullPointerException when {@code key} is {@code null}
   * @throws IllegalArgumentException when {@code permits} is out of range
   */
  public CompletionStage<Decision> tryAcquireAsync(RateLimitKey key, long permits) {
    if (memorySpace != null) {
      return CompletableFuture.completedFuture(tryAcquire(key, permits));
    }
    return spend(key, permits).handle((r, error) -> settle(r, error, permits));
  }

  private void checkPermits(RateLimitKey key, long permits) {
    Objects.requireNonNull(key, "key");
    if (permits < 1 || permits > maxPermits) {
      Limit smallest = limits.stream().filter(l -> l.burst() == maxPermits).findFirst().orElseThrow();
      throw Errors.permitsAboveBurst(permits, smallest.name(), maxPermits);
    }
  }

  private CompletableFuture<long[]> spend(RateLimitKey key, long permits) {
    checkPermits(key, permits);
    CompletionStage<long[]> stage;
    try {
      stage = backend.spend(key.value(), storageNames, intervals, tolerances, permits);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return guard.bound(stage);
  }

  private Decision spendInMemory(RateLimitKey key, long permits) {
    Decision d;
    try {
      long now = memory.now();
      if (intervals.length == 1) {
        long tat = memorySpace.spendOne(key.value(), now, intervals[0], tolerances[0], permits);
        d = decideOne(tat, now, permits);
      } else {
        d = decide(memorySpace.spend(key.value(), now, intervals, tolerances, permits), permits);
      }
    } catch (RuntimeException e) {
      return settle(null, e, permits);
    }
    return settled(d);
  }

  /**
   * {@link #decide} for a single limit, from the in-memory backend's TAT before the step: the
   * same arithmetic, without a reply array.
   */
  private Decision decideOne(long tatBefore, long now, long permits) {
    long interval = intervals[0];
    long tolerance = tolerances[0];
    boolean allowed = Gcra.fits(tatBefore, now, interval, tolerance, permits);
    long ahead = Math.max(0, (allowed ? tatBefore + permits * interval : tatBefore) - now);
    long left = Math.max(0, (tolerance - ahead) / interval);
    long wait = allowed ? 0 : Math.max(0, ahead + permits * interval - tolerance);
    Limit limit = limits.get(0);
    return new Decision(allowed ? Outcome.ALLOWED : Outcome.DENIED, allowed, limit, limits, left, wait, ahead);
  }

  private Decision settle(long[] reply, Throwable error, long permits) {
    if (error == null && isWellFormed(reply)) {
      return settled(decide(reply, permits));
    }
    guard.unavailable(error == null ? Errors.badReply("spend") : error);
    Decision d = unavailable();
    guard.notify(d.limit().name(), d.outcome());
    return d;
  }

  private Decision settled(Decision d) {
    guard.answered();
    guard.notify(d.limit().name(), d.outcome());
    return d;
  }

  private boolean isWellFormed(long[] reply) {
    return reply != null && reply.length == limits.size() + 2 && (reply[0] == 0 || reply[0] == 1);
  }

  private Decision decide(long[] reply, long permits) {
    boolean allowed = reply[0] == 1;
    long now = reply[1];
    int binding = 0;
    long remaining = Long.MAX_VALUE;
    long longestWait = -1;
    long bindingReset = 0;
    for (int i = 0; i < limits.size(); i++) {
      long ahead = Math.max(0, reply[i + 2] - now);
      long left = Math.max(0, (tolerances[i] - ahead) / intervals[i]);
      long wait = allowed ? 0 : Math.max(0, ahead + permits * intervals[i] - tolerances[i]);
      boolean decides = allowed ? left < remaining : wait > longestWait;
      if (decides) {
        binding = i;
        bindingReset = ahead;
        longestWait = wait;
      }
      remaining = Math.min(remaining, left);
    }
    return new Decision(
        allowed ? Outcome.ALLOWED : Outcome.DENIED,
        allowed,
        limits.get(binding),
        limits,
        remaining,
        allowed ? 0 : longestWait,
        bindingReset);
  }

  private Decision unavailable() {
    return new Decision(
        Outcome.UNAVAILABLE, guard.failOpen(), limits.get(0), limits, 0, Micros.of(unavailableRetryAfter), 0);
  }

  @Override
  public String toString() {
    return "RateLimiter{" + name + ", " + limits + "}";
  }

  /**
   * Builds a {@link RateLimiter}: at least one limit; timeout, listener, fail-open and the
   * unavailable retry hint are optional.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final String name;
    private final RateLimitBackend backend;
    private final List<Limit> limits = new ArrayList<>();
    private final Set<String> limitNames = new HashSet<>();
    private final Settings settings = new Settings();
    private Duration unavailableRetryAfter;

    private Builder(String name, RateLimitBackend backend) {
      this.name = name;
      this.backend = backend;
    }

    /**
     * Adds a limit; every request is checked against all of them together.
     *
     * @param limit the limit; names must be unique within the limiter
     * @return this builder
     * @throws NullPointerException when {@code limit} is {@code null}
     * @throws IllegalArgumentException when a limit of that name was added, or 8 limits were
     */
    public Builder limit(Limit limit) {
      Objects.requireNonNull(limit, "limit");
      if (!limitNames.add(limit.name())) {
        throw Errors.duplicateLimit(limit.name());
      }
      if (limits.size() == MAX_LIMITS) {
        throw Errors.outOfRange("the number of limits", "1 and " + MAX_LIMITS, Integer.toString(MAX_LIMITS + 1));
      }
      limits.add(limit);
      return this;
    }

    /**
     * Sets how long a decision waits for the backend before it is {@link Outcome#UNAVAILABLE}
     * (default 20 ms).
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
     * Sets the listener that hears every decision.
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
     * Sets the wait a caller is told ({@code Retry-After}) when the backend was unavailable
     * (default 1 s).
     *
     * @param retryAfter from 1 s to 1 hour
     * @return this builder
     * @throws NullPointerException when {@code retryAfter} is {@code null}
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder unavailableRetryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0 || retryAfter.compareTo(Duration.ofHours(1)) > 0) {
        throw Errors.outOfRange("unavailableRetryAfter", "PT1S and PT1H", retryAfter.toString());
      }
      if (unavailableRetryAfter != null) {
        throw Errors.alreadySet("unavailableRetryAfter");
      }
      unavailableRetryAfter = retryAfter;
      return this;
    }

    /**
     * INSECURE: allows requests when the backend is unavailable, instead of denying them. An
     * attacker who can make Redis slow or unreachable then meets no limit at all. The decision
     * still says {@link Outcome#UNAVAILABLE}; the log line says the limiter is allowing.
     *
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public Builder insecureAllowFailOpen() {
      settings.failOpen();
      return this;
    }

    /**
     * Builds the limiter.
     *
     * @return the limiter
     * @throws IllegalStateException when no limit was added
     */
    public RateLimiter build() {
      if (limits.isEmpty()) {
        throw Errors.missing("a rate limiter needs at least one limit");
      }
      return new RateLimiter(this);
    }
  }
}
