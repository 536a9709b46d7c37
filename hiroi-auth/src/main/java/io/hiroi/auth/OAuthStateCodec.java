package io.hiroi.auth;

import io.hiroi.auth.OAuthStateVerification.Failure;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.core.ConstantTime;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.SignedTokens;
import io.hiroi.crypto.TokenClaims;
import io.hiroi.crypto.TokenVerification;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The OAuth {@code state} parameter as a signed JWT, verified before any database write: HS256
 * under the purpose key {@value #PURPOSE} (DESIGN.md, "Signed tokens"), audience {@value
 * #AUDIENCE}, carrying the customer id ({@code sub}), the target platform ({@code plt}), the
 * return URL ({@code ret}), a random nonce ({@code jti}), {@code iat} and {@code exp} (10 minutes
 * by default), and the PKCE {@code S256} challenge ({@code pkc}).
 *
 * <p>Browser binding: the PKCE code verifier is also the value of a cookie that only this browser
 * holds ({@link OAuthStart#bindingCookieValue()}), and the state carries its S256 challenge, the
 * same value the provider sees. {@link #verify} recomputes the challenge from the cookie and
 * compares it in constant time, so a state from another user's flow (a login-CSRF attempt that
 * plants an attacker's code and state) fails with {@link Failure#OTHER_BROWSER}, and the verifier
 * for the token request comes back only with a valid, bound state. The return URL is checked by a
 * {@link ReturnUrlPolicy} when the flow begins and again when it ends.
 *
 * <p>Immutable and thread-safe; share one instance (built once: the key ring is read at build).
 *
 * <pre>{@code
 * OAuthStateCodec oauth = OAuthStateCodec.builder(keyRing).build();
 * OAuthStart start = oauth.begin("customer-42", "linkedin", "/settings/integrations");
 * // Set-Cookie: __Host-oauth=<start.bindingCookieValue()>; Path=/; Secure; HttpOnly; SameSite=Lax
 * // redirect to ...&state=<start.state()>&code_challenge=<start.codeChallenge()>&code_challenge_method=S256
 * OAuthStateVerification v = oauth.verify(stateParam, bindingCookie);
 * }</pre>
 */
public final class OAuthStateCodec {
  /** The purpose key the state is signed under. */
  public static final String PURPOSE = "hiroi-oauth-state-v1";

  /** The state's {@code aud}. */
  public static final String AUDIENCE = "hiroi-oauth-callback";

  /** The default lifetime of a state. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** The longest customer id or platform accepted. */
  public static final int MAX_CLAIM_LENGTH = 256;

  private final SignedTokens tokens;
  private final Duration ttl;
  private final ReturnUrlPolicy returnUrls;

  private OAuthStateCodec(Builder b) {
    SignedTokens.Builder tb = SignedTokens.builder(b.ring, PURPOSE);
    if (b.clock != null) {
      tb.clock(b.clock);
    }
    this.tokens = tb.build();
    this.ttl = b.ttl != null ? b.ttl : DEFAULT_TTL;
    this.returnUrls = b.returnUrls != null ? b.returnUrls : ReturnUrlPolicy.sameOrigin();
  }

  /**
   * Starts a codec over a key ring.
   *
   * @param ring the key ring; its primary key signs, every key verifies
   * @return a new builder
   * @throws NullPointerException if {@code ring} is null
   */
  public static Builder builder(KeyRing ring) {
    return new Builder(Objects.requireNonNull(ring, "ring"));
  }

  /**
   * Begins one authorization request.
   *
   * @param customerId the customer (tenant, user) the connection is for, 1 to {@value
   *     #MAX_CLAIM_LENGTH} characters without control characters
   * @param platform the target platform, 1 to {@value #MAX_CLAIM_LENGTH} characters without
   *     control characters
   * @param returnUrl where to send the browser afterwards; must pass the codec's {@link
   *     ReturnUrlPolicy} (check it first with {@link ReturnUrlPolicy#check})
   * @return the state, the binding cookie value and the PKCE challenge
   * @throws IllegalArgumentException if an argument is invalid or the return URL is refused (the
   *     message names the reason, not the value)
   * @throws NullPointerException if an argument is null
   */
  public OAuthStart begin(String customerId, String platform, String returnUrl) {
    Secrets.checkIdentifier("customerId", customerId, MAX_CLAIM_LENGTH);
    Secrets.checkIdentifier("platform", platform, MAX_CLAIM_LENGTH);
    Objects.requireNonNull(returnUrl, "returnUrl");
    ReturnUrlPolicy.Rejection rejected = returnUrls.rejection(returnUrl);
    if (rejected != null) {
      throw Errors.outOfRange("returnUrl", "accepted by the return URL policy", rejected);
    }
    String verifier = Pkce.newVerifier();
    String challenge = Pkce.challenge(verifier);
    TokenClaims claims =
        tokens.claims(ttl).audience(AUDIENCE).subject(customerId).claim("plt", platform).claim("ret", returnUrl).claim("pkc", challenge).build();
    return new OAuthStart(tokens.sign(claims), verifier, challenge);
  }

  /**
   * Verifies the {@code state} of a callback against this browser's binding cookie. Never throws
   * for bad input.
   *
   * @param state the {@code state} query parameter as received; {@code null} if absent
   * @param bindingCookie the binding cookie's value; {@code null} if absent
   * @return the flow's claims and PKCE verifier, or why the callback must be refused
   */
  public OAuthStateVerification verify(String state, String bindingCookie) {
    if (bindingCookie == null || !Pkce.isVerifier(bindingCookie)) {
      return OAuthStateVerification.invalid(Failure.NO_BINDING_COOKIE, null);
    }
    if (state == null) {
      return OAuthStateVerification.invalid(Failure.INVALID_TOKEN, TokenVerification.Failure.MALFORMED);
    }
    TokenVerification v = tokens.verify(state, AUDIENCE);
    if (!v.isValid()) {
      TokenVerification.Failure f = v.failure().orElseThrow();
      return OAuthStateVerification.invalid(f == TokenVerification.Failure.EXPIRED ? Failure.EXPIRED : Failure.INVALID_TOKEN, f);
    }
    TokenClaims c = v.claims();
    Optional<String> customer = c.subject();
    Optional<String> platform = c.stringClaim("plt");
    Optional<String> returnUrl = c.stringClaim("ret");
    Optional<String> challenge = c.stringClaim("pkc");
    if (customer.isEmpty() || platform.isEmpty() || returnUrl.isEmpty() || challenge.isEmpty() || c.jwtId().isEmpty()) {
      return OAuthStateVerification.invalid(Failure.BAD_CLAIMS, null);
    }
    if (!ConstantTime.equals(Pkce.challenge(bindingCookie), challenge.get())) {
      return OAuthStateVerification.invalid(Failure.OTHER_BROWSER, null);
    }
    if (returnUrls.rejection(returnUrl.get()) != null) {
      return OAuthStateVerification.invalid(Failure.BAD_CLAIMS, null);
    }
    return OAuthStateVerification.valid(customer.get(), platform.get(), returnUrl.get(), bindingCookie);
  }

  @Override
  public String toString() {
    return "OAuthStateCodec[" + tokens + ", ttl=" + ttl + ", " + returnUrls + "]";
  }

  /**
   * Configures an {@link OAuthStateCodec}. Each setter may be called once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final KeyRing ring;
    private Duration ttl;
    private Clock clock;
    private ReturnUrlPolicy returnUrls;

    private Builder(KeyRing ring) {
      this.ring = ring;
    }

    /**
     * Sets how long a state is accepted. Default {@link #DEFAULT_TTL}.
     *
     * @param ttl 1 to 60 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
        throw Errors.durationRange("ttl", Duration.ofMinutes(1), Duration.ofHours(1), ttl);
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
     * Sets the return URL policy. Default {@link ReturnUrlPolicy#sameOrigin()}.
     *
     * @param returnUrls the policy
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder returnUrlPolicy(ReturnUrlPolicy returnUrls) {
      Objects.requireNonNull(returnUrls, "returnUrls");
      if (this.returnUrls != null) {
        throw Errors.settingTwice("returnUrlPolicy");
      }
      this.returnUrls = returnUrls;
      return this;
    }

    /**
     * Builds the codec, deriving the state's purpose keys.
     *
     * @return an immutable, thread-safe codec
     */
    public OAuthStateCodec build() {
      return new OAuthStateCodec(this);
    }
  }
}
