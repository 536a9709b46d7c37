package io.hiroi.crypto;

import io.hiroi.crypto.internal.Errors;
import io.hiroi.crypto.internal.Json;
import io.hiroi.crypto.internal.StrictBase64Url;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The claims of a signed token (RFC 7519 section 4): the registered claims {@code iss}, {@code
 * sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp} and {@code jti}, plus custom claims whose
 * values are strings or integers.
 *
 * <p>Every token hiroi signs has an audience and an expiry, and a {@code jti} of 128 random bits
 * that hiroi draws itself (a caller cannot choose it), so that a single-use store can key on it.
 * Times are NumericDates, whole seconds since the epoch (RFC 7519 section 2): the builder rounds
 * {@code iat} and {@code exp} down and {@code nbf} up to a whole second, each in the direction that
 * never lengthens a token's life.
 *
 * <p>Claims are not secret, but a token that carries them is a bearer credential; this class never
 * holds the token. {@link #toString()} prints the times and the claim names only, not values such
 * as a subject, which may be personal data.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * TokenClaims claims = tokens.claims(Duration.ofMinutes(10))
 *     .subject("visitor-7")
 *     .audience("widget-42")
 *     .claim("orig", "https://shop.example")
 *     .build();
 * String token = tokens.sign(claims);
 * }</pre>
 */
public final class TokenClaims {
  /** The largest NumericDate accepted, 9999-12-31T23:59:59Z, in seconds. */
  static final long MAX_NUMERIC_DATE = 253_402_300_799L;

  /** Marks an absent NumericDate claim (valid ones are never negative). */
  static final long ABSENT = -1;

  /** The registered claim names of RFC 7519 section 4.1; custom claims may not use them. */
  static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

  /** The largest integer every JSON reader holds exactly: 2^53 - 1 (RFC 7493 section 2.2). */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final int MAX_CLAIM_NAME_LENGTH = 256;
  private static final int JTI_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String issuer;
  private final String subject;
  private final List<String> audiences;
  private final long issuedAt;
  private final long notBefore;
  private final long expiresAt;
  private final String jwtId;
  private final Map<String, Object> custom;

  /** Takes its collections as they are: the caller passes unmodifiable ones it no longer changes. */
  TokenClaims(
      String issuer,
      String subject,
      List<String> audiences,
      long issuedAt,
      long notBefore,
      long expiresAt,
      String jwtId,
      Map<String, Object> custom) {
    this.issuer = issuer;
    this.subject = subject;
    this.audiences = audiences;
    this.issuedAt = issuedAt;
    this.notBefore = notBefore;
    this.expiresAt = expiresAt;
    this.jwtId = jwtId;
    this.custom = custom;
  }

  /**
   * Starts claims with a fresh random {@code jti} and nothing else. {@link
   * SignedTokens#claims(java.time.Duration)} also fills in {@code iat} and {@code exp} from the
   * token service's clock, and is usually more convenient.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these claims, for a variant (for example a renewed token). It draws a
   * new {@code jti}, so that two tokens never share one; each value may be replaced once. Claims
   * verified with several audiences need {@link Builder#audience(String)} set again.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.issuer = issuer;
    b.subject = subject;
    b.audience = audiences.size() == 1 ? audiences.get(0) : null;
    b.issuedAt = issuedAt == ABSENT ? null : issuedAt;
    b.notBefore = notBefore == ABSENT ? null : notBefore;
    b.expiresAt = expiresAt;
    b.custom.putAll(custom);
    return b;
  }

  /**
   * Returns the issuer ({@code iss}).
   *
   * @return the issuer, or empty if absent
   */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /**
   * Returns the subject ({@code sub}), such as a user or visitor id.
   *
   * @return the subject, or empty if absent
   */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /**
   * Returns the audiences ({@code aud}). Tokens hiroi signs have exactly one; a verified token from
   * another issuer may carry a JSON array, one of whose entries was the expected audience.
   *
   * @return one or more audiences, unmodifiable
   */
  public List<String> audiences() {
    return audiences;
  }

  /**
   * Returns the time the token was issued ({@code iat}).
   *
   * @return the issue time, or empty if absent
   */
  public Optional<Instant> issuedAt() {
    return issuedAt == ABSENT ? Optional.empty() : Optional.of(Instant.ofEpochSecond(issuedAt));
  }

  /**
   * Returns the time before which the token is not valid ({@code nbf}).
   *
   * @return the not-before time, or empty if absent
   */
  public Optional<Instant> notBefore() {
    return notBefore == ABSENT ? Optional.empty() : Optional.of(Instant.ofEpochSecond(notBefore));
  }

  /**
   * Returns the expiry ({@code exp}); a token is rejected from this time on (plus leeway).
   *
   * @return the expiry
   */
  public Instant expiresAt() {
    return Instant.ofEpochSecond(expiresAt);
  }

  /**
   * Returns the token id ({@code jti}): 22 base64url characters of 128 random bits in tokens hiroi
   * signs. Single-use flows store it to refuse a second use.
   *
   * @return the token id, or empty if absent (a token from another issuer)
   */
  public Optional<String> jwtId() {
    return Optional.ofNullable(jwtId);
  }

  /**
   * Returns a custom claim whose value is a string.
   *
   * @param name the claim name
   * @return the value, or empty if the claim is absent or not a string
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> stringClaim(String name) {
    Object v = custom.get(Objects.requireNonNull(name, "name"));
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /**
   * Returns a custom claim whose value is an integer.
   *
   * @param name the claim name
   * @return the value, or empty if the claim is absent or not an integer
   * @throws NullPointerException if {@code name} is null
   */
  public OptionalLong longClaim(String name) {
    Object v = custom.get(Objects.requireNonNull(name, "name"));
    return v instanceof Long ? OptionalLong.of((Long) v) : OptionalLong.empty();
  }

  /**
   * Returns the names of the custom claims, in token order. A verified token's custom claims
   * whose values are not strings or integers (booleans, null, arrays, objects) are not kept.
   *
   * @return the names, unmodifiable
   */
  public Set<String> customClaimNames() {
    return custom.keySet();
  }

  /** Writes the claims JSON: registered claims in a fixed order, then custom claims. */
  String toJson() {
    StringBuilder out = new StringBuilder(128);
    out.append('{');
    if (issuer != null) {
      Json.quote(out.append("\"iss\":"), issuer).append(',');
    }
    if (subject != null) {
      Json.quote(out.append("\"sub\":"), subject).append(',');
    }
    out.append("\"aud\":");
    if (audiences.size() == 1) {
      Json.quote(out, audiences.get(0));
    } else {
      out.append('[');
      for (int i = 0; i < audiences.size(); i++) {
        Json.quote(out.append(i == 0 ? "" : ","), audiences.get(i));
      }
      out.append(']');
    }
    if (issuedAt != ABSENT) {
      out.append(",\"iat\":").append(issuedAt);
    }
    if (notBefore != ABSENT) {
      out.append(",\"nbf\":").append(notBefore);
    }
    out.append(",\"exp\":").append(expiresAt);
    if (jwtId != null) {
      Json.quote(out.append(",\"jti\":"), jwtId);
    }
    for (Map.Entry<String, Object> e : custom.entrySet()) {
      Json.quote(out.append(','), e.getKey()).append(':');
      if (e.getValue() instanceof String) {
        Json.quote(out, (String) e.getValue());
      } else {
        out.append(((Long) e.getValue()).longValue());
      }
    }
    return out.append('}').toString();
  }

  /**
   * Compares every claim, {@code jti} included.
   *
   * @param o another object
   * @return {@code true} if {@code o} holds the same claims
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TokenClaims)) {
      return false;
    }
    TokenClaims c = (TokenClaims) o;
    return expiresAt == c.expiresAt
        && issuedAt == c.issuedAt
        && notBefore == c.notBefore
        && Objects.equals(issuer, c.issuer)
        && Objects.equals(subject, c.subject)
        && audiences.equals(c.audiences)
        && Objects.equals(jwtId, c.jwtId)
        && custom.equals(c.custom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(issuer, subject, audiences, issuedAt, notBefore, expiresAt, jwtId, custom);
  }

  /** Returns the times and the names of the present claims, never their other values. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("TokenClaims[exp=").append(expiresAt());
    issuedAt().ifPresent(t -> out.append(", iat=").append(t));
    notBefore().ifPresent(t -> out.append(", nbf=").append(t));
    List<String> names = new java.util.ArrayList<>();
    if (issuer != null) {
      names.add("iss");
    }
    if (subject != null) {
      names.add("sub");
    }
    names.add("aud");
    if (jwtId != null) {
      names.add("jti");
    }
    names.addAll(custom.keySet());
    out.append(", claims=").append(names);
    return out.append(']').toString();
  }

  static String randomJwtId() {
    byte[] id = new byte[JTI_BYTES];
    RANDOM.nextBytes(id);
    return StrictBase64Url.encode(id);
  }

  static boolean isValidText(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static long seconds(String setting, Instant t, boolean roundUp) {
    Objects.requireNonNull(t, setting);
    long s = t.getEpochSecond();
    if (roundUp && t.getNano() != 0) {
      s++;
    }
    if (s < 0 || s > MAX_NUMERIC_DATE) {
      throw new IllegalArgumentException(Errors.claimTimeRange(setting, t));
    }
    return s;
  }

  /**
   * Collects claims. Each setter checks its argument at once and may be called once per builder;
   * {@link #build()} checks that an audience and an expiry are present and that the times are in
   * order. The {@code jti} is drawn from {@link SecureRandom} when the builder is created.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private final Map<String, Object> custom = new LinkedHashMap<>();
    private final String jwtId = randomJwtId();
    private String issuer;
    private String subject;
    private String audience;
    private Long issuedAt;
    private Long notBefore;
    private Long expiresAt;

    Builder() {}

    /**
     * Sets the issuer ({@code iss}).
     *
     * @param issuer a non-empty string
     * @return this builder
     * @throws IllegalArgumentException if {@code issuer} is empty or has an unpaired surrogate
     * @throws IllegalStateException if the issuer was already set on this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = text("issuer", issuer);
      return this;
    }

    /**
     * Sets the subject ({@code sub}), such as a user or visitor id.
     *
     * @param subject a non-empty string
     * @return this builder
     * @throws IllegalArgumentException if {@code subject} is empty or has an unpaired surrogate
     * @throws IllegalStateException if the subject was already set on this builder
     */
    public Builder subject(String subject) {
      this.subject = text("subject", subject);
      return this;
    }

    /**
     * Sets the audience ({@code aud}): who the token is for, such as a widget id or a service
     * name. {@link SignedTokens#verify(String, String)} accepts the token only for this audience.
     *
     * @param audience a non-empty string
     * @return this builder
     * @throws IllegalArgumentException if {@code audience} is empty or has an unpaired surrogate
     * @throws IllegalStateException if the audience was already set on this builder
     */
    public Builder audience(String audience) {
      this.audience = text("audience", audience);
      return this;
    }

    /**
     * Sets the issue time ({@code iat}), rounded down to a whole second.
     *
     * @param issuedAt between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z
     * @return this builder
     * @throws IllegalArgumentException if the time is out of range
     * @throws IllegalStateException if the issue time was already set on this builder
     */
    public Builder issuedAt(Instant issuedAt) {
      once("issuedAt");
      this.issuedAt = seconds("issuedAt", issuedAt, false);
      return this;
    }

    /**
     * Sets the time before which the token is not valid ({@code nbf}), rounded up to a whole
     * second.
     *
     * @param notBefore between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z
     * @return this builder
     * @throws IllegalArgumentException if the time is out of range
     * @throws IllegalStateException if the not-before time was already set on this builder
     */
    public Builder notBefore(Instant notBefore) {
      once("notBefore");
      this.notBefore = seconds("notBefore", notBefore, true);
      return this;
    }

    /**
     * Sets the expiry ({@code exp}), rounded down to a whole second.
     *
     * @param expiresAt between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z
     * @return this builder
     * @throws IllegalArgumentException if the time is out of range
     * @throws IllegalStateException if the expiry was already set on this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      once("expiresAt");
      this.expiresAt = seconds("expiresAt", expiresAt, false);
      return this;
    }

    /**
     * Adds a custom claim with a string value.
     *
     * @param name 1 to 256 characters, not a registered claim name ({@code iss sub aud exp nbf
     *     iat jti})
     * @param value the value, any valid UTF-16 string (may be empty)
     * @return this builder
     * @throws IllegalArgumentException if the name is invalid or registered, or the value has an
     *     unpaired surrogate
     * @throws IllegalStateException if this claim was already set on this builder
     */
    public Builder claim(String name, String value) {
      Objects.requireNonNull(value, "value");
      if (!value.isEmpty() && !isValidText(value)) {
        throw new IllegalArgumentException(Errors.claimTextInvalid("claim value"));
      }
      custom.put(claimName(name), value);
      return this;
    }

    /**
     * Adds a custom claim with an integer value. The range is that of I-JSON (RFC 7493 section
     * 2.2), which a JavaScript backend also reads exactly.
     *
     * @param name 1 to 256 characters, not a registered claim name ({@code iss sub aud exp nbf
     *     iat jti})
     * @param value from {@code -(2^53 - 1)} to {@code 2^53 - 1}
     * @return this builder
     * @throws IllegalArgumentException if the name is invalid or registered, or the value is out of
     *     range
     * @throws IllegalStateException if this claim was already set on this builder
     */
    public Builder claim(String name, long value) {
      if (value < -MAX_SAFE_INTEGER || value > MAX_SAFE_INTEGER) {
        throw new IllegalArgumentException(Errors.claimIntegerRange());
      }
      custom.put(claimName(name), value);
      return this;
    }

    /**
     * Builds the claims.
     *
     * @return immutable claims
     * @throws IllegalArgumentException if the audience or the expiry is missing, or the expiry is
     *     not after the issue time and the not-before time
     */
    public TokenClaims build() {
      if (audience == null) {
        throw new IllegalArgumentException(Errors.claimRequired("an audience"));
      }
      if (expiresAt == null) {
        throw new IllegalArgumentException(Errors.claimRequired("an expiry (expiresAt)"));
      }
      if (issuedAt != null && expiresAt <= issuedAt) {
        throw new IllegalArgumentException(Errors.claimTimeOrder("issuedAt", "expiresAt"));
      }
      if (notBefore != null && expiresAt <= notBefore) {
        throw new IllegalArgumentException(Errors.claimTimeOrder("notBefore", "expiresAt"));
      }
      return new TokenClaims(
          issuer,
          subject,
          List.of(audience),
          issuedAt == null ? ABSENT : issuedAt,
          notBefore == null ? ABSENT : notBefore,
          expiresAt,
          jwtId,
          Collections.unmodifiableMap(new LinkedHashMap<>(custom)));
    }

    Builder presetTimes(long issuedAtSeconds, long expiresAtSeconds) {
      this.issuedAt = issuedAtSeconds;
      this.expiresAt = expiresAtSeconds;
      return this;
    }

    private String text(String setting, String value) {
      Objects.requireNonNull(value, setting);
      if (!isValidText(value)) {
        throw new IllegalArgumentException(Errors.claimTextInvalid(setting));
      }
      once(setting);
      return value;
    }

    private String claimName(String name) {
      Objects.requireNonNull(name, "name");
      if (REGISTERED.contains(name)) {
        throw new IllegalArgumentException(Errors.claimNameReserved(name));
      }
      if (name.length() > MAX_CLAIM_NAME_LENGTH || !isValidText(name)) {
        throw new IllegalArgumentException(Errors.claimNameInvalid(name.length()));
      }
      if (!set.add("claim:" + name)) {
        throw new IllegalStateException(Errors.claimTwice());
      }
      return name;
    }

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(Errors.settingTwice(setting));
      }
    }

    /** Returns the names of the claims set so far; never their values. */
    @Override
    public String toString() {
      return "TokenClaims.Builder" + set;
    }
  }
}
