package io.hiroi.auth;

import io.hiroi.auth.TokenConsumption.Failure;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Time-limited, single-use tokens for email links: magic links, email verification, password
 * reset, invitations. A token carries 256 random bits ({@link java.security.SecureRandom}) and its
 * {@linkplain TokenPurpose purpose}; the store keeps only its SHA-256 (enough for a uniformly
 * random value, as for {@link SessionManager}). {@link #consume} takes the entry out of the store
 * in one atomic step (a {@code GETDEL} on Redis, a map removal in memory), so of any number of
 * concurrent uses, on any number of replicas, exactly one succeeds. A token of one purpose never
 * works for another, and is not used up by the attempt; an expired token fails.
 *
 * <p>Token format (48 characters, URL- and cookie-safe): {@code o1.<purpose letter>.<43 base64url
 * characters>}. Outcomes are values ({@link TokenConsumption}); an unavailable store makes {@link
 * #consume} answer {@link Failure#UNAVAILABLE} and {@link #issue} throw {@link AuthStoreException}.
 * No token or subject appears in any message or {@code toString}.
 *
 * <p>Throttling the endpoints that take a token (magic-link and email-verification links): give
 * the builder a {@linkplain Builder#consumeLimiter per-client limiter} and call {@link
 * #consume(TokenPurpose, String, RateLimitKey)}; an attempt over the limit is {@link
 * Failure#THROTTLED}, before the store is asked, and does not use the token up.
 *
 * <p>Immutable and thread-safe; share one instance per store.
 *
 * <pre>{@code
 * OneTimeTokens tokens = OneTimeTokens.builder(store).build();
 * String link = "https://app.example/magic?t=" + tokens.issue(TokenPurpose.MAGIC_LINK, userId);
 * TokenConsumption used = tokens.consume(TokenPurpose.MAGIC_LINK, tokenFromLink);
 * }</pre>
 */
public final class OneTimeTokens {
  /** The shortest lifetime accepted. */
  public static final Duration MIN_TTL = Duration.ofMinutes(1);

  /** The longest lifetime accepted. */
  public static final Duration MAX_TTL = Duration.ofDays(30);

  /** How long past its expiry an entry is kept, so that a late use reports {@link Failure#EXPIRED}. */
  public static final Duration EXPIRED_GRACE = Duration.ofHours(1);

  /** The length of every token, in characters. */
  public static final int TOKEN_LENGTH = 48;

  /** The longest subject accepted. */
  public static final int MAX_SUBJECT_LENGTH = 256;

  private static final String PREFIX = "o1.";

  private final OneTimeTokenStore store;
  private final Clock clock;
  private final RateLimiter consumeLimiter;

  private OneTimeTokens(OneTimeTokenStore store, Clock clock, RateLimiter consumeLimiter) {
    this.store = store;
    this.clock = clock;
    this.consumeLimiter = consumeLimiter;
  }

  /**
   * Starts a configuration over a store.
   *
   * @param store {@link InMemoryOneTimeTokenStore} for one replica, {@link
   *     io.hiroi.auth.redis.RedisOneTimeTokenStore} for several
   * @return a new builder
   * @throws NullPointerException if {@code store} is null
   */
  public static Builder builder(OneTimeTokenStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Issues a token that lives for the purpose's {@linkplain TokenPurpose#defaultTtl() default
   * lifetime}.
   *
   * @param purpose what the token is for
   * @param subject whom it is for (a user id, an email address): 1 to {@value #MAX_SUBJECT_LENGTH}
   *     characters without control characters
   * @return the token, a bearer secret: put it in the link, never in a log
   * @throws IllegalArgumentException if the subject is invalid
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if the store cannot answer or is full
   */
  public String issue(TokenPurpose purpose, String subject) {
    return issue(purpose, subject, Objects.requireNonNull(purpose, "purpose").defaultTtl());
  }

  /**
   * Issues a token with its own lifetime.
   *
   * @param purpose what the token is for
   * @param subject whom it is for: 1 to {@value #MAX_SUBJECT_LENGTH} characters without control
   *     characters
   * @param ttl how long it works, {@link #MIN_TTL} to {@link #MAX_TTL}
   * @return the token, a bearer secret
   * @throws IllegalArgumentException if the subject or lifetime is invalid
   * @throws NullPointerException if an argument is null
   * @throws AuthStoreException if the store cannot answer or is full
   */
  public String issue(TokenPurpose purpose, String subject, Duration ttl) {
    Objects.requireNonNull(purpose, "purpose");
    Secrets.checkIdentifier("subject", subject, MAX_SUBJECT_LENGTH);
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw Errors.durationRange("ttl", MIN_TTL, MAX_TTL, ttl);
    }
    String token = PREFIX + purpose.code + "." + Secrets.randomToken();
    long expires = clock.instant().plus(ttl).toEpochMilli();
    store.put(Secrets.sha256Hex(token), expires + "|" + purpose.code + "|" + subject, ttl.plus(EXPIRED_GRACE));
    return token;
  }

  /**
   * Uses a token up. Succeeds once for a valid token of this purpose; every later or concurrent
   * call fails. Never throws for a bad token or an unavailable store.
   *
   * @param purpose the purpose the caller's endpoint serves
   * @param token the token as received
   * @return the subject, or why the token did not work
   * @throws NullPointerException if an argument is null
   */
  public TokenConsumption consume(TokenPurpose purpose, String token) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(token, "token");
    return take(purpose, token);
  }

  /**
   * Uses a token up, first counting the attempt against the client's limit ({@link
   * Builder#consumeLimiter}): over the limit the answer is {@link Failure#THROTTLED} and the token
   * is left alone. A limiter whose backend is down refuses (fail closed).
   *
   * @param purpose the purpose the caller's endpoint serves
   * @param token the token as received
   * @param client the client's key, normally {@link RateLimitKey#ip}
   * @return the subject, or why the token did not work
   * @throws IllegalStateException if no consume limiter was configured
   * @throws NullPointerException if an argument is null
   */
  public TokenConsumption consume(TokenPurpose purpose, String token, RateLimitKey client) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(client, "client");
    if (consumeLimiter == null) {
      throw Errors.missing("consumeLimiter");
    }
    Decision d = consumeLimiter.tryAcquire(client);
    if (!d.isAllowed()) {
      Duration wait = d.retryAfter();
      return TokenConsumption.throttled(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
    }
    return take(purpose, token);
  }

  private TokenConsumption take(TokenPurpose purpose, String token) {
    if (token.length() != TOKEN_LENGTH || !token.startsWith(PREFIX) || token.charAt(4) != '.' || !Secrets.isTokenPart(token, 5)) {
      return TokenConsumption.invalid(Failure.MALFORMED);
    }
    TokenPurpose of = TokenPurpose.ofCode(token.charAt(3));
    if (of == null) {
      return TokenConsumption.invalid(Failure.MALFORMED);
    }
    if (of != purpose) {
      return TokenConsumption.invalid(Failure.WRONG_PURPOSE);
    }
    Optional<String> taken;
    try {
      taken = store.take(Secrets.sha256Hex(token));
    } catch (AuthStoreException e) {
      return TokenConsumption.invalid(Failure.UNAVAILABLE);
    }
    if (taken.isEmpty()) {
      return TokenConsumption.invalid(Failure.UNKNOWN);
    }
    String value = taken.get();
    int bar1 = value.indexOf('|');
    int bar2 = bar1 < 0 ? -1 : value.indexOf('|', bar1 + 1);
    if (bar2 != bar1 + 2 || value.charAt(bar1 + 1) != purpose.code || bar2 + 1 >= value.length()) {
      return TokenConsumption.invalid(Failure.UNAVAILABLE); // a record this class did not write
    }
    long expires;
    try {
      expires = Long.parseLong(value.substring(0, bar1));
    } catch (NumberFormatException e) {
      return TokenConsumption.invalid(Failure.UNAVAILABLE);
    }
    if (!clock.instant().isBefore(Instant.ofEpochMilli(expires))) {
      return TokenConsumption.invalid(Failure.EXPIRED);
    }
    return TokenConsumption.valid(value.substring(bar2 + 1));
  }

  @Override
  public String toString() {
    return "OneTimeTokens[store=" + store + "]";
  }

  /**
   * Configures {@link OneTimeTokens}.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final OneTimeTokenStore store;
    private Clock clock;
    private RateLimiter consumeLimiter;

    private Builder(OneTimeTokenStore store) {
      this.store = store;
    }

    /**
     * Sets the limiter that {@link OneTimeTokens#consume(TokenPurpose, String, RateLimitKey)}
     * counts each attempt against, per client; for example {@code RateLimiter.builder("magic-link",
     * backend).limit(Limit.perMinute("verify", 10)).build()}.
     *
     * @param limiter the limiter
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder consumeLimiter(RateLimiter limiter) {
      Objects.requireNonNull(limiter, "limiter");
      if (this.consumeLimiter != null) {
        throw Errors.settingTwice("consumeLimiter");
      }
      this.consumeLimiter = limiter;
      return this;
    }

    /**
     * Sets the clock. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw Errors.settingTwice("clock");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the token service.
     *
     * @return an immutable, thread-safe token service
     */
    public OneTimeTokens build() {
      return new OneTimeTokens(store, clock != null ? clock : Clock.systemUTC(), consumeLimiter);
    }
  }
}
