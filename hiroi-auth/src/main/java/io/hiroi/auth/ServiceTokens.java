package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.SignedTokens;
import io.hiroi.crypto.TokenClaims;
import io.hiroi.crypto.TokenVerification;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The inter-service {@value #HEADER} header: a JWS (HS256, DESIGN.md "Signed tokens") under the
 * purpose key {@value #PURPOSE}, carrying the user id ({@code sub}), the calling service ({@code
 * iss}), the one service it is for ({@code aud}), {@code iat}, a short {@code exp} (60 seconds by
 * default) and a random {@code jti}. The receiving service accepts only tokens whose audience is
 * itself, so a token captured at one service cannot be replayed at another, and tokens of other
 * features (OAuth state, widget sessions) never verify here: they are signed under other keys.
 *
 * <p>Every service holds the same key ring. Immutable and thread-safe; share one instance per
 * service.
 *
 * <pre>{@code
 * ServiceTokens tokens = ServiceTokens.builder(keyRing, "api-gateway").build();
 * request.header(ServiceTokens.HEADER, tokens.issue(userId, "billing"));
 * // in the billing service, whose own instance is named "billing":
 * ServiceTokenVerification v = billingTokens.verify(request.header(ServiceTokens.HEADER));
 * }</pre>
 */
public final class ServiceTokens {
  /** The HTTP header that carries the token. */
  public static final String HEADER = "X-User-Token";

  /** The purpose key the tokens are signed under. */
  public static final String PURPOSE = "hiroi-service-token-v1";

  /** The default lifetime. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  /** The longest user id or service name accepted. */
  public static final int MAX_NAME_LENGTH = 256;

  private final SignedTokens tokens;
  private final String service;
  private final Duration ttl;

  private ServiceTokens(Builder b) {
    SignedTokens.Builder tb = SignedTokens.builder(b.ring, PURPOSE);
    if (b.clock != null) {
      tb.clock(b.clock);
    }
    this.tokens = tb.build();
    this.service = b.service;
    this.ttl = b.ttl != null ? b.ttl : DEFAULT_TTL;
  }

  /**
   * Starts the tokens of one service.
   *
   * @param ring the key ring every service shares
   * @param service this service's name: the {@code iss} of the tokens it issues and the {@code
   *     aud} it accepts, 1 to {@value #MAX_NAME_LENGTH} characters without control characters
   * @return a new builder
   * @throws IllegalArgumentException if the name is invalid
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(KeyRing ring, String service) {
    Objects.requireNonNull(ring, "ring");
    Secrets.checkIdentifier("service", service, MAX_NAME_LENGTH);
    return new Builder(ring, service);
  }

  /**
   * Issues a token for a call to another service on behalf of a user.
   *
   * @param userId the user, 1 to {@value #MAX_NAME_LENGTH} characters without control characters
   * @param audienceService the one service that may accept it
   * @return the header value, a bearer secret for its short life
   * @throws IllegalArgumentException if an argument is invalid
   * @throws NullPointerException if an argument is null
   */
  public String issue(String userId, String audienceService) {
    Secrets.checkIdentifier("userId", userId, MAX_NAME_LENGTH);
    Secrets.checkIdentifier("audienceService", audienceService, MAX_NAME_LENGTH);
    TokenClaims claims = tokens.claims(ttl).issuer(service).subject(userId).audience(audienceService).build();
    return tokens.sign(claims);
  }

  /**
   * Verifies a token received by this service. Never throws for bad input.
   *
   * @param headerValue the {@value #HEADER} header; {@code null} if absent
   * @return the user id, or why the token was refused
   */
  public ServiceTokenVerification verify(String headerValue) {
    if (headerValue == null) {
      return ServiceTokenVerification.invalid(TokenVerification.Failure.MALFORMED);
    }
    TokenVerification v = tokens.verify(headerValue.trim(), service);
    if (!v.isValid()) {
      return ServiceTokenVerification.invalid(v.failure().orElseThrow());
    }
    TokenClaims c = v.claims();
    if (c.subject().isEmpty() || c.issuer().isEmpty()) {
      return ServiceTokenVerification.invalid(TokenVerification.Failure.MISSING_CLAIM);
    }
    return ServiceTokenVerification.valid(c.subject().get(), c.issuer().get());
  }

  @Override
  public String toString() {
    return "ServiceTokens[" + tokens + ", ttl=" + ttl + "]";
  }

  /**
   * Configures {@link ServiceTokens}. Each setter may be called once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final KeyRing ring;
    private final String service;
    private Duration ttl;
    private Clock clock;

    private Builder(KeyRing ring, String service) {
      this.ring = ring;
      this.service = service;
    }

    /**
     * Sets how long an issued token lives. Default {@link #DEFAULT_TTL}.
     *
     * @param ttl 1 second to 5 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofMinutes(5)) > 0) {
        throw Errors.durationRange("ttl", Duration.ofSeconds(1), Duration.ofMinutes(5), ttl);
      }
      if (this.ttl != null) {
        throw Errors.settingTwice("ttl");
      }
      this.ttl = ttl;
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
     * Builds the service's tokens.
     *
     * @return an immutable, thread-safe instance
     */
    public ServiceTokens build() {
      return new ServiceTokens(this);
    }
  }
}
