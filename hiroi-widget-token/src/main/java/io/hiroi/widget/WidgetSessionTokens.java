package io.hiroi.widget;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.SignedTokens;
import io.hiroi.crypto.TokenClaims;
import io.hiroi.crypto.TokenVerification;
import io.hiroi.crypto.internal.Json;
import io.hiroi.crypto.internal.StrictBase64Url;
import io.hiroi.widget.WidgetSessionVerification.Failure;
import io.hiroi.widget.internal.Errors;
import io.hiroi.widget.internal.OriginParser;
import io.hiroi.widget.internal.ParsedOrigin;
import io.hiroi.widget.internal.WidgetIds;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Widget session tokens (DESIGN.md, "Signed tokens"): HS256 JWS whose claims are {@code sub} (the
 * visitor id), {@code aud} (the widget id), {@code orig} (the normalized origin of the page it was
 * issued for), {@code iat}, {@code exp} and {@code jti}, under the header {@code
 * {"alg":"HS256","typ":"JWT","kid":"<widgetId>.<kid>"}} and the key {@code
 * HKDF-SHA256(master[kid], info = "hiroi-widget-session-v1:<widgetId>")}. A token verifies only at
 * the endpoint of the widget it was issued for, only on a request whose {@code Origin} is the
 * token's {@code orig}, only until {@code exp} (plus a small leeway), and only while its key id is
 * in the key ring. No secret reaches the browser: the page holds the token, never the key.
 *
 * <p>The per-widget key is also what a customer's own backend signs tokens with (the "host
 * backend" mode): {@link #widgetSecret(String)} exports it for the operator to show the customer
 * once, together with {@link #keyId(String)}; any JWT library's HS256 produces tokens this class
 * accepts, if they carry all six claims, {@code orig} in normal form and a lifetime of at most
 * {@link #MAX_TTL}.
 *
 * <p>Verification never throws for a bad token or origin: it returns a {@link
 * WidgetSessionVerification} with the visitor id or a {@link Failure} reason. It is built on
 * hiroi-crypto's {@link SignedTokens} (one instance per widget, made on first use and kept in a
 * bounded cache), so the JWS checks are those of {@link SignedTokens#verify(String, String)}:
 * only {@code HS256}, strict base64url and JSON, a constant-time HMAC compare before any claim is
 * read.
 *
 * <p>The key ring is read once, at {@link Builder#build()}: after a rotation build a new instance.
 * Tokens of a key id that stays in the ring keep verifying; those of a removed key id fail with
 * {@link Failure#UNKNOWN_KEY}.
 *
 * <p>Immutable and thread-safe; share one instance for all widgets. The first use of a widget id
 * derives its key (one HKDF per key id) and caches a token service for it, at most {@value
 * #MAX_CACHED_WIDGETS} before the cache is emptied; pass {@link #verify} the widget id of an
 * endpoint the platform knows (look the widget up first), so that unknown ids from a request path
 * cannot churn the cache.
 *
 * <pre>{@code
 * WidgetSessionTokens tokens = WidgetSessionTokens.builder(keyRing).ttl(Duration.ofHours(1)).build();
 * String token = tokens.issue("w42", allowedOrigin, "visitor-17");
 * WidgetSessionVerification v = tokens.verify(token, "w42", request.getHeader("Origin"));
 * }</pre>
 */
public final class WidgetSessionTokens {
  /** The purpose prefix; a widget's key is the purpose key of this prefix followed by its id. */
  public static final String PURPOSE_PREFIX = "hiroi-widget-session-v1:";

  /** The claim that carries the origin a token was issued for. */
  public static final String ORIGIN_CLAIM = "orig";

  /** The shortest time to live: 1 minute. */
  public static final Duration MIN_TTL = Duration.ofMinutes(1);

  /** The longest time to live, and the longest {@code exp - iat} a verified token may have: 24 hours. */
  public static final Duration MAX_TTL = Duration.ofHours(24);

  /** The default time to live: 1 hour. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** The default clock-skew leeway: 30 seconds. */
  public static final Duration DEFAULT_LEEWAY = SignedTokens.DEFAULT_LEEWAY;

  /** The largest leeway: 5 minutes. */
  public static final Duration MAX_LEEWAY = SignedTokens.MAX_LEEWAY;

  /** The longest visitor id, in characters. */
  public static final int MAX_VISITOR_ID_LENGTH = 256;

  /** The most widgets whose token services are cached before the cache is emptied and refilled. */
  public static final int MAX_CACHED_WIDGETS = 10_000;

  private final KeyRing ring;
  private final Clock clock;
  private final Duration ttl;
  private final Duration leeway;
  private final long maxLifetimeSeconds = MAX_TTL.getSeconds();
  private final ConcurrentHashMap<String, SignedTokens> perWidget = new ConcurrentHashMap<>();

  private WidgetSessionTokens(Builder b) {
    this.ring = b.ring;
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.ttl = b.ttl != null ? b.ttl : DEFAULT_TTL;
    this.leeway = b.leeway != null ? b.leeway : DEFAULT_LEEWAY;
  }

  /**
   * Starts a configuration.
   *
   * @param ring the key ring: its primary key signs, every key in it verifies
   * @return a new builder
   * @throws NullPointerException if {@code ring} is null
   */
  public static Builder builder(KeyRing ring) {
    return new Builder(Objects.requireNonNull(ring, "ring"));
  }

  /**
   * Issues a token for a visitor of a widget on a page of {@code origin}, living the configured
   * time to live.
   *
   * @param widgetId the widget id: 1 to 64 characters of {@code [A-Za-z0-9_-]}, starting with a letter or digit
   * @param origin the page's origin, an allowed {@link OriginCheck#origin()} (any {@code http} or
   *     {@code https} origin is accepted and normalized)
   * @param visitorId the visitor id, 1 to {@value #MAX_VISITOR_ID_LENGTH} characters
   * @return the token, a bearer secret for that page
   * @throws IllegalArgumentException if an argument is invalid
   * @throws NullPointerException if an argument is null
   */
  public String issue(String widgetId, String origin, String visitorId) {
    return issue(widgetId, origin, visitorId, ttl);
  }

  /**
   * Issues a token with its own time to live.
   *
   * @param widgetId the widget id
   * @param origin the page's origin
   * @param visitorId the visitor id, 1 to {@value #MAX_VISITOR_ID_LENGTH} characters
   * @param ttl from {@link #MIN_TTL} to {@link #MAX_TTL}
   * @return the token
   * @throws IllegalArgumentException if an argument is invalid
   * @throws NullPointerException if an argument is null
   */
  public String issue(String widgetId, String origin, String visitorId, Duration ttl) {
    WidgetIds.check(widgetId);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(visitorId, "visitorId");
    checkTtl("ttl", ttl);
    Object parsed = OriginParser.parse(origin);
    if (!(parsed instanceof ParsedOrigin)) {
      throw new IllegalArgumentException(Errors.originInvalid(parsed.toString()));
    }
    if (visitorId.isEmpty() || visitorId.length() > MAX_VISITOR_ID_LENGTH) {
      throw new IllegalArgumentException(Errors.visitorIdInvalid(MAX_VISITOR_ID_LENGTH));
    }
    SignedTokens tokens = forWidget(widgetId);
    TokenClaims.Builder claims;
    try {
      claims = tokens.claims(ttl).subject(visitorId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Errors.visitorIdInvalid(MAX_VISITOR_ID_LENGTH), e);
    }
    return tokens.sign(claims.audience(widgetId).claim(ORIGIN_CLAIM, ((ParsedOrigin) parsed).serialized).build());
  }

  /**
   * Verifies a token presented to a widget's endpoint. Never throws for a bad token or origin.
   *
   * @param token the token as received
   * @param widgetId the widget id of the endpoint (from its URL or configuration, not from the token)
   * @param requestOrigin the request's {@code Origin} header, or null if it has none
   * @return the visitor id, or the reason the token is rejected
   * @throws NullPointerException if {@code token} or {@code widgetId} is null
   */
  public WidgetSessionVerification verify(String token, String widgetId, String requestOrigin) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(widgetId, "widgetId");
    if (!WidgetIds.isValid(widgetId)) {
      return WidgetSessionVerification.invalid(Failure.WRONG_WIDGET);
    }
    TokenVerification v = forWidget(widgetId).verify(token, widgetId);
    if (!v.isValid()) {
      return WidgetSessionVerification.invalid(map(v.failure().orElseThrow(AssertionError::new), token, widgetId));
    }
    TokenClaims claims = v.claims();
    String orig = claims.stringClaim(ORIGIN_CLAIM).orElse(null);
    if (orig == null || claims.subject().isEmpty() || claims.jwtId().isEmpty() || claims.issuedAt().isEmpty()) {
      return WidgetSessionVerification.invalid(Failure.MALFORMED);
    }
    long lifetime = claims.expiresAt().getEpochSecond() - claims.issuedAt().get().getEpochSecond();
    if (lifetime > maxLifetimeSeconds) {
      return WidgetSessionVerification.invalid(Failure.TOO_LONG_LIVED);
    }
    if (!orig.equals(requestOrigin)) {
      Object parsed = OriginParser.parse(requestOrigin);
      if (!(parsed instanceof ParsedOrigin) || !orig.equals(((ParsedOrigin) parsed).serialized)) {
        return WidgetSessionVerification.invalid(Failure.WRONG_ORIGIN);
      }
    }
    return WidgetSessionVerification.valid(claims);
  }

  /**
   * Exports a widget's signing secret under the primary key id, for the customer's backend to sign
   * its own visitors' tokens (HS256 with {@code kid} = {@link #keyId(String)}). Show it to the
   * customer once, over an authenticated channel; whoever holds it can mint tokens for the widget.
   *
   * @param widgetId the widget id
   * @return a copy of the 32-byte key; destroy it when done
   * @throws IllegalArgumentException if the widget id is invalid
   * @throws NullPointerException if {@code widgetId} is null
   */
  public SecretBytes widgetSecret(String widgetId) {
    return widgetSecret(widgetId, ring.primaryKeyId());
  }

  /**
   * Exports a widget's signing secret under a given key id (for example the new primary before a
   * rotation is switched on).
   *
   * @param widgetId the widget id
   * @param keyId a key id of the ring
   * @return a copy of the 32-byte key
   * @throws IllegalArgumentException if the widget id is invalid or the key id is not in the ring
   * @throws NullPointerException if {@code widgetId} is null
   */
  public SecretBytes widgetSecret(String widgetId, int keyId) {
    WidgetIds.check(widgetId);
    if (!ring.contains(keyId)) {
      throw new IllegalArgumentException(Errors.keyIdNotInRing(keyId));
    }
    return ring.exportPurposeKey(PURPOSE_PREFIX + widgetId, keyId);
  }

  /**
   * Returns the {@code kid} header value that tokens of a widget carry under the primary key id.
   *
   * @param widgetId the widget id
   * @return {@code <widgetId>.<primary key id>}
   * @throws IllegalArgumentException if the widget id is invalid
   * @throws NullPointerException if {@code widgetId} is null
   */
  public String keyId(String widgetId) {
    return WidgetIds.check(widgetId) + "." + ring.primaryKeyId();
  }

  /** Names the settings and key ids; never key material. */
  @Override
  public String toString() {
    return "WidgetSessionTokens[primary=" + ring.primaryKeyId() + ", keyIds=" + ring.keyIds() + ", ttl=" + ttl
        + ", leeway=" + leeway + "]";
  }

  private SignedTokens forWidget(String widgetId) {
    SignedTokens tokens = perWidget.get(widgetId);
    if (tokens != null) {
      return tokens;
    }
    tokens = SignedTokens.builder(ring, PURPOSE_PREFIX + widgetId).keyIdPrefix(widgetId).leeway(leeway).clock(clock).build();
    if (perWidget.size() >= MAX_CACHED_WIDGETS) {
      perWidget.clear();
    }
    SignedTokens raced = perWidget.putIfAbsent(widgetId, tokens);
    return raced != null ? raced : tokens;
  }

  int cachedWidgetCount() {
    return perWidget.size();
  }

  private static Failure map(TokenVerification.Failure f, String token, String widgetId) {
    switch (f) {
      case UNSUPPORTED_ALGORITHM:
        return Failure.UNSUPPORTED_ALGORITHM;
      case BAD_SIGNATURE:
        return Failure.BAD_SIGNATURE;
      case EXPIRED:
        return Failure.EXPIRED;
      case NOT_YET_VALID:
      case ISSUED_IN_FUTURE:
        return Failure.NOT_YET_VALID;
      case WRONG_AUDIENCE:
        return Failure.WRONG_WIDGET;
      case UNKNOWN_KEY:
        return namesAnotherWidget(token, widgetId) ? Failure.WRONG_WIDGET : Failure.UNKNOWN_KEY;
      case OVERSIZED:
      case MALFORMED:
      case UNSUPPORTED_HEADER:
      case MISSING_CLAIM:
        return Failure.MALFORMED;
      default:
        throw new AssertionError("unhandled token failure " + f);
    }
  }

  /**
   * Whether the (unverified) header's {@code kid} is {@code <otherWidget>.<digits>} for a widget other than {@code widgetId}. Only called
   * after {@link SignedTokens} found the key id unknown, to tell a token of another widget from
   * one of a removed key; the answer decides nothing but the logged reason.
   */
  private static boolean namesAnotherWidget(String token, String widgetId) {
    int dot = token.indexOf('.');
    byte[] header = dot < 0 ? null : StrictBase64Url.decode(token.substring(0, dot));
    if (header == null) {
      return false;
    }
    Object kid;
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(header))
          .toString();
      Map<String, Object> h = Json.parseObject(text);
      kid = h.get("kid");
    } catch (CharacterCodingException | Json.MalformedJsonException e) {
      return false;
    }
    if (!(kid instanceof String)) {
      return false;
    }
    String k = (String) kid;
    int sep = k.lastIndexOf('.');
    if (sep <= 0 || sep == k.length() - 1) {
      return false;
    }
    for (int i = sep + 1; i < k.length(); i++) {
      if (k.charAt(i) < '0' || k.charAt(i) > '9') {
        return false;
      }
    }
    String named = k.substring(0, sep);
    return WidgetIds.isValid(named) && !named.equals(widgetId);
  }

  private static void checkTtl(String setting, Duration ttl) {
    Objects.requireNonNull(ttl, setting);
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(Errors.ttlRange(setting, MIN_TTL, MAX_TTL, ttl));
    }
  }

  /**
   * Configures {@link WidgetSessionTokens}. Each setter checks its argument at once and may be
   * called once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final KeyRing ring;
    private Clock clock;
    private Duration ttl;
    private Duration leeway;

    private Builder(KeyRing ring) {
      this.ring = ring;
    }

    /**
     * Sets the time to live of issued tokens. Default {@link #DEFAULT_TTL}.
     *
     * @param ttl from {@link #MIN_TTL} to {@link #MAX_TTL}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code ttl} is null
     */
    public Builder ttl(Duration ttl) {
      checkTtl("ttl", ttl);
      checkUnset(this.ttl, "ttl");
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets the clock-skew leeway for {@code exp}, {@code iat} and {@code nbf}. Default {@link
     * #DEFAULT_LEEWAY}.
     *
     * @param leeway from zero to {@link #MAX_LEEWAY}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code leeway} is null
     */
    public Builder leeway(Duration leeway) {
      Objects.requireNonNull(leeway, "leeway");
      if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
        throw new IllegalArgumentException(Errors.leewayRange(MAX_LEEWAY, leeway));
      }
      checkUnset(this.leeway, "leeway");
      this.leeway = leeway;
      return this;
    }

    /**
     * Sets the clock. Default {@link Clock#systemUTC()}; tests pass a fixed clock and move it.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      checkUnset(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /**
     * Builds the token service.
     *
     * @return an immutable, thread-safe instance
     */
    public WidgetSessionTokens build() {
      return new WidgetSessionTokens(this);
    }

    private static void checkUnset(Object current, String setting) {
      if (current != null) {
        throw new IllegalStateException(Errors.settingTwice(setting));
      }
    }

    @Override
    public String toString() {
      return "WidgetSessionTokens.Builder";
    }
  }
}
