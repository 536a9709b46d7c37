package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The session cookie's {@code Set-Cookie} value (RFC 6265bis): name prefixed {@code __Host-}, so
 * that browsers accept it only with {@code Secure}, {@code Path=/} and no {@code Domain} (no
 * subdomain can set or overwrite it); {@code HttpOnly} (no script can read it); {@code
 * SameSite=Lax} by default ({@code Strict} on request), so that cross-site sub-requests and form
 * posts do not carry it. There is no option to drop any of these attributes.
 *
 * <p>{@link #read(String)} takes the token back out of a {@code Cookie} request header; when the
 * header holds the cookie's name more than once (a cookie-tossing attempt) it returns nothing.
 *
 * <p>Immutable and thread-safe; share one instance. Nothing here logs or prints a cookie value.
 *
 * <pre>{@code
 * SessionCookie cookie = SessionCookie.builder().build();      // __Host-session
 * response.addHeader("Set-Cookie", cookie.setCookie(issued.token()));
 * Optional<String> token = cookie.read(request.getHeader("Cookie"));
 * response.addHeader("Set-Cookie", cookie.clearCookie());      // on sign-out
 * }</pre>
 */
public final class SessionCookie {
  /** The default name, before the {@code __Host-} prefix. */
  public static final String DEFAULT_NAME = "session";

  /** The prefix browsers bind to {@code Secure}, {@code Path=/} and no {@code Domain}. */
  public static final String HOST_PREFIX = "__Host-";

  /** The {@code SameSite} attribute's values this class writes. */
  public enum SameSite {
    /** Sent on top-level navigations from other sites, not on their sub-requests or POSTs. */
    LAX("Lax"),
    /** Never sent on a request another site started. */
    STRICT("Strict");

    private final String text;

    SameSite(String text) {
      this.text = text;
    }
  }

  private final String name;
  private final String attributes;
  private final String clear;

  private SessionCookie(Builder b) {
    this.name = HOST_PREFIX + (b.name != null ? b.name : DEFAULT_NAME);
    SameSite sameSite = b.sameSite != null ? b.sameSite : SameSite.LAX;
    String common = "; Path=/; Secure; HttpOnly; SameSite=" + sameSite.text;
    this.attributes = (b.maxAge != null ? "; Max-Age=" + b.maxAge.getSeconds() : "") + common;
    this.clear = name + "=; Max-Age=0" + common;
  }

  /**
   * Starts a cookie configuration.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the cookie's full name, {@code __Host-} included.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the {@code Set-Cookie} header value that stores a session token.
   *
   * @param token the token from {@link IssuedSession#token()}
   * @return for example {@code __Host-session=<token>; Path=/; Secure; HttpOnly; SameSite=Lax}
   * @throws IllegalArgumentException if the token holds a character a cookie value may not
   * @throws NullPointerException if {@code token} is null
   */
  public String setCookie(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isEmpty() || !cookieValue(token)) {
      throw Errors.outOfRange("token", "1 or more of A-Z a-z 0-9 . _ - ~", "a value of " + token.length() + " characters");
    }
    return name + "=" + token + attributes;
  }

  /**
   * Returns the {@code Set-Cookie} header value that deletes the cookie (sign-out).
   *
   * @return the cookie with an empty value and {@code Max-Age=0}
   */
  public String clearCookie() {
    return clear;
  }

  /**
   * Reads the token from a {@code Cookie} request header.
   *
   * @param cookieHeader the header's value; {@code null} when absent
   * @return the token, or empty when the cookie is absent, empty, or present more than once
   */
  public Optional<String> read(String cookieHeader) {
    if (cookieHeader == null) {
      return Optional.empty();
    }
    String found = null;
    int i = 0;
    int n = cookieHeader.length();
    while (i < n) {
      int end = cookieHeader.indexOf(';', i);
      if (end < 0) {
        end = n;
      }
      int eq = cookieHeader.indexOf('=', i);
      if (eq >= 0 && eq < end && cookieHeader.substring(i, eq).trim().equals(name)) {
        if (found != null) {
          return Optional.empty();
        }
        found = cookieHeader.substring(eq + 1, end).trim();
      }
      i = end + 1;
    }
    return found == null || found.isEmpty() || !cookieValue(found) ? Optional.empty() : Optional.of(found);
  }

  private static boolean cookieValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '~')) {
        return false;
      }
    }
    return true;
  }

  /** Returns the name and attributes, never a value. */
  @Override
  public String toString() {
    return "SessionCookie[" + name + attributes + "]";
  }

  /**
   * Configures a {@link SessionCookie}. Each setter checks its argument and may be called once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private String name;
    private SameSite sameSite;
    private Duration maxAge;

    private Builder() {}

    /**
     * Sets the name after the {@code __Host-} prefix. Default {@value #DEFAULT_NAME}.
     *
     * @param name 1 to 64 of {@code A-Z a-z 0-9 _ -}
     * @return this builder
     * @throws IllegalArgumentException if the name is invalid
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
        throw Errors.outOfRange("cookie name", "1 to 64 of A-Z a-z 0-9 _ -", "a name of " + name.length() + " characters");
      }
      if (this.name != null) {
        throw Errors.settingTwice("name");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets {@code SameSite}. Default {@link SameSite#LAX}.
     *
     * @param sameSite the attribute's value
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder sameSite(SameSite sameSite) {
      Objects.requireNonNull(sameSite, "sameSite");
      if (this.sameSite != null) {
        throw Errors.settingTwice("sameSite");
      }
      this.sameSite = sameSite;
      return this;
    }

    /**
     * Makes the cookie persistent for {@code maxAge} (use the session's absolute timeout). By
     * default the cookie has no {@code Max-Age} and ends with the browser session; the server-side
     * timeouts apply either way.
     *
     * @param maxAge 1 second to 400 days (the longest lifetime browsers honour)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.getSeconds() < 1 || maxAge.compareTo(Duration.ofDays(400)) > 0) {
        throw Errors.durationRange("maxAge", Duration.ofSeconds(1), Duration.ofDays(400), maxAge);
      }
      if (this.maxAge != null) {
        throw Errors.settingTwice("maxAge");
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Builds the cookie configuration.
     *
     * @return an immutable, thread-safe cookie writer
     */
    public SessionCookie build() {
      return new SessionCookie(this);
    }
  }
}
