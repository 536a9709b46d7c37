package io.hiroi.crypto;

import io.hiroi.crypto.TokenVerification.Failure;
import io.hiroi.crypto.internal.Errors;
import io.hiroi.crypto.internal.Purposes;
import io.hiroi.crypto.internal.Json;
import io.hiroi.crypto.internal.StrictBase64Url;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 signed tokens: JWS compact serialization (RFC 7515) of JWT claims (RFC 7519), signed with
 * HMAC-SHA256 under a purpose key of a {@link KeyRing} (DESIGN.md, "Signed tokens"). A token that
 * was altered in any character, signed under another purpose or with a key id the ring no longer
 * holds, that names any algorithm but {@code HS256}, that has expired (beyond a small leeway) or
 * that was issued for another audience is rejected. Each feature builds its own instance with its
 * own purpose ({@code hiroi-oauth-state-v1}, {@code hiroi-widget-session-v1:<widgetId>}), so a
 * token of one feature never verifies in another.
 *
 * <p>A token is {@code base64url(header) "." base64url(claims JSON) "." base64url(HMAC-SHA256(key,
 * ASCII(header "." claims)))} without padding, where the header is exactly {@code
 * {"alg":"HS256","typ":"JWT","kid":"<kid>"}} and {@code <kid>} is the decimal id of the ring's
 * primary key, or {@code <prefix>.<id>} with a {@linkplain Builder#keyIdPrefix key id prefix}. The
 * key is {@code HKDF-SHA256(master[kid], salt = empty, info = purpose, length = 32)}. For a purpose
 * that may leave the library, such as a widget's {@code hiroi-widget-session-v1:<widgetId>} or one
 * the host defines (not starting with {@code hiroi-}), {@link KeyRing#exportPurposeKey(String, int)} returns
 * that key, and any JOSE library holding it can sign and verify tokens that interoperate with this
 * class. The keys of hiroi's internal purposes ({@code hiroi-oauth-state-v1}, service tokens) are
 * never exported: their tokens are signed and verified by hiroi only.
 *
 * <p>{@link #verify(String, String)} checks, in order, and stops at the first failure: the length
 * cap; three segments of strict base64url (no padding, no {@code +} or {@code /}, no whitespace,
 * zero unused bits); the header (strict JSON without duplicate members, {@code alg} exactly {@code
 * HS256}, no members but {@code alg}, {@code typ} = {@code JWT} and {@code kid}, a {@code kid} of
 * this instance's form naming a key in the ring); the HMAC, compared in constant time; only then
 * the claims: {@code exp} (required), {@code nbf} and {@code iat} (if present) against the clock
 * with the leeway, and {@code aud} (required) against the expected audience. NumericDates must be
 * whole seconds: a fractional {@code exp} such as {@code 1700000000.5}, which some issuers write,
 * is {@link Failure#MALFORMED MALFORMED}. An {@code aud} that is a JSON array is accepted when it
 * contains the expected audience (RFC 7519 section 4.1.3).
 *
 * <p>Verification is a return value, never an exception: log {@link TokenVerification#failure()}
 * on the server and give the client one generic failure. The token is a bearer secret; nothing
 * here logs it or puts it in a message.
 *
 * <p>The key ring is read once, at {@link Builder#build()}: after a rotation, build a new instance
 * from the new ring. Tokens signed under an old key keep verifying while that key stays in the
 * ring.
 *
 * <p>Immutable and thread-safe; share one instance per purpose (and per key ring), built once at
 * startup rather than per request. Keys, header strings and a prototype {@link Mac} per key id are
 * prepared at build time; each thread lazily clones its own {@code Mac} for each key id it uses, so
 * signing and verification take no lock.
 *
 * <pre>{@code
 * SignedTokens tokens = SignedTokens.builder(ring, "hiroi-oauth-state-v1").build();
 * String token = tokens.sign(tokens.claims(Duration.ofMinutes(10)).audience("login").build());
 * TokenVerification result = tokens.verify(token, "login");
 * }</pre>
 */
public final class SignedTokens {
  /** The default clock-skew leeway for {@code exp}, {@code nbf} and {@code iat}: 30 seconds. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  /** The largest leeway accepted: 5 minutes. */
  public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

  /** The default cap on a token's length, in characters. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 4096;

  /** The smallest length cap that can be configured, in characters. */
  public static final int MAX_TOKEN_LENGTH_FLOOR = 256;

  /** The largest length cap that can be configured, in characters (16 KiB). */
  public static final int MAX_TOKEN_LENGTH_CEILING = 16 * 1024;

  private static final String HMAC = "HmacSHA256";
  private static final int MAC_BYTES = 32;
  private static final int SIGNATURE_CHARS = StrictBase64Url.encodedLength(MAC_BYTES);
  private static final int MAX_PREFIX_LENGTH = 128;

  private final String purpose;
  private final Clock clock;
  private final long leewayMillis;
  private final Duration leeway;
  private final int maxTokenLength;
  private final String keyIdPrefix;
  private final Key primary;
  /** Every key, indexed by {@link Key#index}. */
  private final Key[] keys;
  /** Keys by their canonical header segment (base64url text), for tokens of non-primary keys. */
  private final Map<String, Key> byHeaderSegment;
  /** Keys by the exact {@code kid} header value, for headers that are not canonical. */
  private final Map<String, Key> byKid;

  private final ThreadLocal<PerThread> perThread;

  private SignedTokens(Builder b) {
    this.purpose = b.purpose;
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.leeway = b.leeway != null ? b.leeway : DEFAULT_LEEWAY;
    this.leewayMillis = leeway.toMillis();
    this.maxTokenLength = b.maxTokenLength != null ? b.maxTokenLength : DEFAULT_MAX_TOKEN_LENGTH;
    this.keyIdPrefix = b.keyIdPrefix;
    List<Integer> ids = new ArrayList<>(b.ring.keyIds());
    this.keys = new Key[ids.size()];
    Map<String, Key> headers = new HashMap<>();
    Map<String, Key> kids = new HashMap<>();
    Key primaryKey = null;
    for (int i = 0; i < keys.length; i++) {
      int id = ids.get(i);
      String kid = keyIdPrefix == null ? Integer.toString(id) : keyIdPrefix + "." + id;
      Key key = new Key(i, id, kid, b.ring.purposeKey(purpose, id));
      keys[i] = key;
      headers.put(key.headerSegment, key);
      kids.put(kid, key);
      if (id == b.ring.primaryKeyId()) {
        primaryKey = key;
      }
    }
    if (primaryKey == null) {
      throw new AssertionError("a key ring always holds its primary key id");
    }
    this.primary = primaryKey;
    this.byHeaderSegment = Map.copyOf(headers);
    this.byKid = Map.copyOf(kids);
    int keyCount = keys.length;
    this.perThread = ThreadLocal.withInitial(() -> new PerThread(keyCount));
  }

  /**
   * Starts a token service for one purpose.
   *
   * @param ring the key ring; the primary key signs, every key in it verifies
   * @param purpose the purpose string this feature's tokens are signed under, 1 to 256 printable
   *     ASCII characters without spaces, such as {@code hiroi-oauth-state-v1}
   * @return a new builder
   * @throws IllegalArgumentException if the purpose is invalid, or belongs to another kind of key
   *     (hiroi's AES-GCM purposes, API key hashes, the audit chain)
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(KeyRing ring, String purpose) {
    Objects.requireNonNull(ring, "ring");
    KeyRing.checkPurpose(purpose);
    if (Purposes.isAead(purpose)) {
      throw new IllegalArgumentException(Errors.purposeForAnotherAlgorithm(purpose, "AES-GCM"));
    }
    if (Purposes.isInternalMac(purpose)) {
      throw new IllegalArgumentException(Errors.purposeForAnotherAlgorithm(purpose, "internal MAC"));
    }
    return new Builder(ring, purpose);
  }

  /**
   * Starts claims that are issued now and expire after {@code ttl}, by this instance's clock, with
   * a fresh random {@code jti}. Add at least an audience; {@code iat} and {@code exp} may each be
   * replaced once.
   *
   * @param ttl how long the token lives, at least a second; the expiry is rounded down to a whole
   *     second
   * @return a new claims builder
   * @throws IllegalArgumentException if the rounded expiry is not after the issue second, or is
   *     after 9999-12-31T23:59:59Z
   * @throws NullPointerException if {@code ttl} is null
   */
  public TokenClaims.Builder claims(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException(Errors.tokenTtlRange(ttl));
    }
    Instant now = clock.instant();
    long iat = TokenClaims.seconds("issuedAt", now, false);
    long exp;
    try {
      exp = now.plus(ttl).getEpochSecond();
    } catch (DateTimeException | ArithmeticException e) {
      exp = Long.MAX_VALUE;
    }
    if (exp <= iat || exp > TokenClaims.MAX_NUMERIC_DATE) {
      throw new IllegalArgumentException(Errors.tokenTtlRange(ttl));
    }
    return TokenClaims.builder().presetTimes(iat, exp);
  }

  /**
   * Signs claims under the purpose key of the ring's primary key id.
   *
   * @param claims the claims; their JSON becomes the token's payload
   * @return the token, a bearer secret: send it only to its holder and never log it
   * @throws IllegalArgumentException if the token would be longer than the maximum token length
   * @throws NullPointerException if {@code claims} is null
   */
  public String sign(TokenClaims claims) {
    Objects.requireNonNull(claims, "claims");
    byte[] payload = claims.toJson().getBytes(StandardCharsets.UTF_8);
    byte[] header = primary.headerAscii;
    int payloadEnd = header.length + 1 + StrictBase64Url.encodedLength(payload.length);
    int total = payloadEnd + 1 + SIGNATURE_CHARS;
    if (total > maxTokenLength) {
      throw new IllegalArgumentException(Errors.tokenTooLong(total, maxTokenLength));
    }
    byte[] out = new byte[total];
    System.arraycopy(header, 0, out, 0, header.length);
    out[header.length] = '.';
    StrictBase64Url.encode(payload, out, header.length + 1);
    out[payloadEnd] = '.';
    PerThread state = perThread.get();
    Mac mac = state.mac(primary);
    mac.update(out, 0, payloadEnd);
    doFinal(mac, state.expected);
    StrictBase64Url.encode(state.expected, out, payloadEnd + 1);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /**
   * Verifies a token. Never throws for a bad token: every rejection is a {@link TokenVerification}
   * with a {@link Failure} reason. Log the reason; tell the client only that the token was not
   * accepted.
   *
   * @param token the token as received, at most the maximum token length
   * @param expectedAudience the audience this service accepts tokens for, non-empty; the token's
   *     {@code aud} must equal it (or be an array containing it)
   * @return the verified claims, or the reason the token was rejected
   * @throws IllegalArgumentException if {@code expectedAudience} is empty
   * @throws NullPointerException if an argument is null
   */
  public TokenVerification verify(String token, String expectedAudience) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expectedAudience, "expectedAudience");
    if (expectedAudience.isEmpty()) {
      throw new IllegalArgumentException(Errors.expectedAudienceEmpty());
    }
    if (token.length() > maxTokenLength) {
      return TokenVerification.invalid(Failure.OVERSIZED);
    }
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
      return TokenVerification.invalid(Failure.MALFORMED);
    }
    // A character outside ISO-8859-1 becomes '?' and one above 0x7f a negative byte: neither is
    // base64url, so both are rejected below. A surrogate pair becomes a single '?', which would
    // shift every later byte against the string's indices, so a length change is rejected here.
    byte[] t = token.getBytes(StandardCharsets.ISO_8859_1);
    int n = t.length;
    if (n != token.length()) {
      return TokenVerification.invalid(Failure.MALFORMED);
    }
    // Strict base64url: the payload is checked and decoded in one pass; a signature of the right
    // length too, into this thread's buffer, and one of any other length only checked (it fails
    // as BAD_SIGNATURE below); the header is checked when it is not exactly a canonical one.
    PerThread state = perThread.get();
    byte[] payload = StrictBase64Url.decode(t, dot1 + 1, dot2);
    boolean signatureCanonical =
        n - dot2 - 1 == SIGNATURE_CHARS
            ? StrictBase64Url.decodeCanonical(t, dot2 + 1, n, state.actual, 0)
            : StrictBase64Url.isCanonical(t, dot2 + 1, n);
    if (payload == null || !signatureCanonical) {
      return TokenVerification.invalid(Failure.MALFORMED);
    }

    Key key = canonicalHeaderKey(t, dot1);
    if (key == null) {
      Object checked = checkHeader(t, dot1);
      if (checked instanceof Failure) {
        return TokenVerification.invalid((Failure) checked);
      }
      key = (Key) checked;
    }

    if (n - dot2 - 1 != SIGNATURE_CHARS) {
      return TokenVerification.invalid(Failure.BAD_SIGNATURE);
    }
    Mac mac = state.mac(key);
    mac.update(t, 0, dot2);
    doFinal(mac, state.expected);
    if (!MessageDigest.isEqual(state.expected, state.actual)) {
      return TokenVerification.invalid(Failure.BAD_SIGNATURE);
    }
    // Only now, with the signature checked, is the payload read.
    return checkClaims(TokenPayload.read(payload), expectedAudience);
  }

  /** Returns the purpose, key ids and settings; never key material. */
  @Override
  public String toString() {
    StringBuilder kids = new StringBuilder("[");
    for (int i = 0; i < keys.length; i++) {
      kids.append(i == 0 ? "" : ", ").append(keys[i].keyId);
    }
    return "SignedTokens[purpose="
        + purpose
        + ", primary="
        + primary.keyId
        + ", keyIds="
        + kids.append(']')
        + (keyIdPrefix == null ? "" : ", keyIdPrefix=" + keyIdPrefix)
        + ", leeway="
        + leeway
        + ", maxTokenLength="
        + maxTokenLength
        + "]";
  }

  /** The key whose exact canonical header segment starts the token, or null. */
  private Key canonicalHeaderKey(byte[] t, int headerEnd) {
    byte[] p = primary.headerAscii;
    if (headerEnd == p.length && Arrays.equals(t, 0, headerEnd, p, 0, headerEnd)) {
      return primary;
    }
    if (keys.length == 1) {
      return null;
    }
    return byHeaderSegment.get(new String(t, 0, headerEnd, StandardCharsets.ISO_8859_1));
  }

  /** Parses a header that is not one of the canonical ones: returns its {@link Key} or a {@link Failure}. */
  private Object checkHeader(byte[] t, int headerEnd) {
    byte[] bytes = StrictBase64Url.decode(t, 0, headerEnd);
    String text = bytes == null ? null : TokenPayload.utf8(bytes);
    if (text == null) {
      return Failure.MALFORMED;
    }
    Map<String, Object> header;
    try {
      header = Json.parseObject(text);
    } catch (Json.MalformedJsonException e) {
      return Failure.MALFORMED;
    }
    if (!"HS256".equals(header.get("alg"))) {
      return Failure.UNSUPPORTED_ALGORITHM;
    }
    for (Map.Entry<String, Object> member : header.entrySet()) {
      switch (member.getKey()) {
        case "alg":
        case "kid":
          break;
        case "typ":
          if (!"JWT".equals(member.getValue())) {
            return Failure.UNSUPPORTED_HEADER;
          }
          break;
        default:
          return Failure.UNSUPPORTED_HEADER;
      }
    }
    Object kid = header.get("kid");
    if (kid == null) {
      return Failure.UNKNOWN_KEY;
    }
    if (!(kid instanceof String)) {
      return Failure.MALFORMED;
    }
    Key key = byKid.get(kid);
    return key != null ? key : Failure.UNKNOWN_KEY;
  }

  private TokenVerification checkClaims(TokenPayload claims, String expectedAudience) {
    if (claims == TokenPayload.MALFORMED) {
      return TokenVerification.invalid(Failure.MALFORMED);
    }
    if (claims.expiresAt == TokenClaims.ABSENT || claims.audiences == null) {
      return TokenVerification.invalid(Failure.MISSING_CLAIM);
    }
    // NumericDates are at most 9999-12-31 (about 2.5e14 ms), so no product or sum below overflows,
    // and no arithmetic touches the clock's value, whatever it says.
    long now = clock.millis();
    if (now >= claims.expiresAt * 1000 + leewayMillis) {
      return TokenVerification.invalid(Failure.EXPIRED);
    }
    if (claims.notBefore != TokenClaims.ABSENT && now < claims.notBefore * 1000 - leewayMillis) {
      return TokenVerification.invalid(Failure.NOT_YET_VALID);
    }
    if (claims.issuedAt != TokenClaims.ABSENT && now < claims.issuedAt * 1000 - leewayMillis) {
      return TokenVerification.invalid(Failure.ISSUED_IN_FUTURE);
    }
    if (!claims.audiences.contains(expectedAudience)) {
      return TokenVerification.invalid(Failure.WRONG_AUDIENCE);
    }
    return TokenVerification.valid(claims.toClaims());
  }

  private static void doFinal(Mac mac, byte[] out) {
    try {
      mac.doFinal(out, 0);
    } catch (ShortBufferException e) {
      throw new AssertionError("a 32-byte buffer holds an HMAC-SHA256", e);
    }
  }

  /** One key id: its header and a prototype {@link Mac} that threads clone. */
  private static final class Key {
    final int index;
    final int keyId;
    final byte[] headerAscii;
    final String headerSegment;
    private final SecretKeySpec spec;
    private final Mac prototype;

    Key(int index, int keyId, String kid, byte[] purposeKey) {
      this.index = index;
      this.keyId = keyId;
      StringBuilder json = new StringBuilder("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":");
      String header = Json.quote(json, kid).append('}').toString();
      this.headerSegment = StrictBase64Url.encode(header.getBytes(StandardCharsets.UTF_8));
      this.headerAscii = headerSegment.getBytes(StandardCharsets.US_ASCII);
      this.spec = new SecretKeySpec(purposeKey, HMAC);
      this.prototype = newMac(spec);
    }

    /** A Mac for one thread: a clone of the prototype, or a fresh one if the provider cannot clone. */
    Mac newThreadMac() {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        return newMac(spec);
      }
    }

    private static Mac newMac(SecretKeySpec spec) {
      try {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new AssertionError(Errors.hmacUnavailable(), e);
      }
    }
  }

  /** What one thread reuses across calls: a Mac per key id (made on first use) and two buffers. */
  private static final class PerThread {
    final Mac[] macs;
    final byte[] expected = new byte[MAC_BYTES];
    final byte[] actual = new byte[MAC_BYTES];

    PerThread(int keyCount) {
      this.macs = new Mac[keyCount];
    }

    Mac mac(Key key) {
      Mac mac = macs[key.index];
      if (mac == null) {
        mac = key.newThreadMac();
        macs[key.index] = mac;
      } else {
        mac.reset();
      }
      return mac;
    }
  }

  /**
   * Configures a {@link SignedTokens}. Each setter checks its argument at once and may be called
   * once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final KeyRing ring;
    private final String purpose;
    private Duration leeway;
    private Clock clock;
    private Integer maxTokenLength;
    private String keyIdPrefix;

    private Builder(KeyRing ring, String purpose) {
      this.ring = ring;
      this.purpose = purpose;
    }

    /**
     * Sets the clock-skew leeway applied to {@code exp}, {@code nbf} and {@code iat}. Default
     * {@link #DEFAULT_LEEWAY}.
     *
     * @param leeway from zero to {@link #MAX_LEEWAY}
     * @return this builder
     * @throws IllegalArgumentException if the leeway is negative or above five minutes
     * @throws IllegalStateException if the leeway was already set
     * @throws NullPointerException if {@code leeway} is null
     */
    public Builder leeway(Duration leeway) {
      Objects.requireNonNull(leeway, "leeway");
      if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
        throw new IllegalArgumentException(Errors.tokenLeewayRange(leeway));
      }
      checkUnset(this.leeway, "leeway");
      this.leeway = leeway;
      return this;
    }

    /**
     * Sets the clock that issue and expiry times are read from. Default {@link
     * Clock#systemUTC()}; tests pass a fixed clock and move it.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if the clock was already set
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      checkUnset(this.clock, "clock");
      this.clock = clock;
      return this;
    }

    /**
     * Sets the longest token accepted or produced, in characters; longer input is rejected before
     * any other work. Default {@value #DEFAULT_MAX_TOKEN_LENGTH}.
     *
     * @param maxTokenLength from {@value #MAX_TOKEN_LENGTH_FLOOR} to {@value
     *     #MAX_TOKEN_LENGTH_CEILING}
     * @return this builder
     * @throws IllegalArgumentException if the length is out of range
     * @throws IllegalStateException if the length was already set
     */
    public Builder maxTokenLength(int maxTokenLength) {
      if (maxTokenLength < MAX_TOKEN_LENGTH_FLOOR || maxTokenLength > MAX_TOKEN_LENGTH_CEILING) {
        throw new IllegalArgumentException(
            Errors.maxTokenLengthRange(MAX_TOKEN_LENGTH_FLOOR, MAX_TOKEN_LENGTH_CEILING, maxTokenLength));
      }
      checkUnset(this.maxTokenLength, "maxTokenLength");
      this.maxTokenLength = maxTokenLength;
      return this;
    }

    /**
     * Makes the header's {@code kid} {@code <prefix>.<key id>} instead of the bare decimal key id,
     * and accepts only tokens whose {@code kid} has exactly this prefix. The widget module uses
     * the widget id, so that a host's backend can tell which widget secret signs a token.
     *
     * @param keyIdPrefix 1 to 128 printable ASCII characters, without spaces, {@code "} or {@code
     *     \}
     * @return this builder
     * @throws IllegalArgumentException if the prefix is invalid
     * @throws IllegalStateException if the prefix was already set
     * @throws NullPointerException if {@code keyIdPrefix} is null
     */
    public Builder keyIdPrefix(String keyIdPrefix) {
      Objects.requireNonNull(keyIdPrefix, "keyIdPrefix");
      if (keyIdPrefix.isEmpty() || keyIdPrefix.length() > MAX_PREFIX_LENGTH) {
        throw new IllegalArgumentException(Errors.keyIdPrefixInvalid(keyIdPrefix.length()));
      }
      for (int i = 0; i < keyIdPrefix.length(); i++) {
        char c = keyIdPrefix.charAt(i);
        if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
          throw new IllegalArgumentException(Errors.keyIdPrefixInvalid(keyIdPrefix.length()));
        }
      }
      checkUnset(this.keyIdPrefix, "keyIdPrefix");
      this.keyIdPrefix = keyIdPrefix;
      return this;
    }

    /**
     * Builds the token service, deriving the purpose key of every key id in the ring.
     *
     * @return an immutable, thread-safe token service
     */
    public SignedTokens build() {
      return new SignedTokens(this);
    }

    private static void checkUnset(Object current, String setting) {
      if (current != null) {
        throw new IllegalStateException(Errors.settingTwice(setting));
      }
    }

    /** Returns the purpose; never key material. */
    @Override
    public String toString() {
      return "SignedTokens.Builder[purpose=" + purpose + "]";
    }
  }
}
