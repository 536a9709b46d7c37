package io.hiroi.widget;

import io.hiroi.widget.internal.Errors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The CORS response headers (WHATWG Fetch, "CORS protocol") for a widget API, given an {@link
 * OriginCheck} from an {@link OriginSafelist}: for an allowed origin, {@code
 * Access-Control-Allow-Origin} echoes that exact normalized origin, never {@code *}, and every
 * response carries {@code Vary: Origin} so that a shared cache never serves one origin's answer to
 * another. For a denied origin no CORS header is produced (an empty map), so the browser blocks the
 * response; {@code Vary: Origin} is still due on it, see {@link #vary()}.
 *
 * <p>A preflight is answered only when its {@code Access-Control-Request-Method} is one of the
 * configured methods and every name in {@code Access-Control-Request-Headers} is a configured
 * header (case-insensitively); otherwise the answer is empty, like a denied origin. The allowed
 * methods and headers are listed exactly as configured, never reflected from the request.
 *
 * <p>Immutable and thread-safe; build once and share.
 *
 * <pre>{@code
 * CorsHeaders cors = CorsHeaders.builder().allowMethods("GET", "POST").allowHeaders("Authorization").build();
 * cors.actualResponse(safelist.check(origin)).forEach(response::setHeader);
 * }</pre>
 */
public final class CorsHeaders {
  /** The largest {@code Access-Control-Max-Age}: 2 hours (Chromium's own cap). */
  public static final Duration MAX_MAX_AGE = Duration.ofHours(2);

  /** The default {@code Access-Control-Max-Age}: 10 minutes. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  /** {@code Access-Control-Allow-Origin}. */
  public static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  /** {@code Access-Control-Allow-Credentials}. */
  public static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
  /** {@code Access-Control-Allow-Methods}. */
  public static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
  /** {@code Access-Control-Allow-Headers}. */
  public static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
  /** {@code Access-Control-Max-Age}. */
  public static final String MAX_AGE = "Access-Control-Max-Age";
  /** {@code Access-Control-Expose-Headers}. */
  public static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
  /** {@code Vary}. */
  public static final String VARY = "Vary";

  private static final int MAX_REQUEST_HEADERS_LENGTH = 4096;

  private final Set<String> methods;
  private final Set<String> headersLower;
  private final String methodsValue;
  private final String headersValue;
  private final String exposeValue;
  private final boolean credentials;
  private final String maxAgeValue;

  private CorsHeaders(Builder b) {
    this.methods = Set.copyOf(b.methods);
    Set<String> lower = new LinkedHashSet<>();
    for (String h : b.headers) {
      lower.add(h.toLowerCase(Locale.ROOT));
    }
    this.headersLower = Set.copyOf(lower);
    this.methodsValue = String.join(", ", b.methods);
    this.headersValue = String.join(", ", b.headers);
    this.exposeValue = String.join(", ", b.expose);
    this.credentials = b.credentials;
    this.maxAgeValue = Long.toString((b.maxAge != null ? b.maxAge : DEFAULT_MAX_AGE).toSeconds());
  }

  /**
   * Starts a configuration that allows {@code GET} and {@code POST} unless told otherwise, no
   * request headers beyond the CORS-safelisted ones, no credentials.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The headers of the answer to a preflight ({@code OPTIONS} with {@code
   * Access-Control-Request-Method}).
   *
   * @param check the safelist's answer for the request's {@code Origin}
   * @param requestMethod the {@code Access-Control-Request-Method} value, or null if absent
   * @param requestHeaders the {@code Access-Control-Request-Headers} value, or null if absent
   * @return header name to value, in a fixed order; empty if the origin is denied or the method or
   *     a header is not allowed (answer then without CORS headers, for example 403)
   * @throws NullPointerException if {@code check} is null
   */
  public Map<String, String> preflight(OriginCheck check, String requestMethod, String requestHeaders) {
    Objects.requireNonNull(check, "check");
    if (!check.isAllowed() || requestMethod == null || !methods.contains(requestMethod)
        || !headersAllowed(requestHeaders)) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put(ALLOW_ORIGIN, check.origin());
    if (credentials) {
      out.put(ALLOW_CREDENTIALS, "true");
    }
    out.put(ALLOW_METHODS, methodsValue);
    if (!headersValue.isEmpty()) {
      out.put(ALLOW_HEADERS, headersValue);
    }
    out.put(MAX_AGE, maxAgeValue);
    out.put(VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    return Collections.unmodifiableMap(out);
  }

  /**
   * The CORS headers of an actual (non-preflight) response.
   *
   * @param check the safelist's answer for the request's {@code Origin}
   * @return header name to value; empty if the origin is denied (still send {@link #vary()})
   * @throws NullPointerException if {@code check} is null
   */
  public Map<String, String> actualResponse(OriginCheck check) {
    Objects.requireNonNull(check, "check");
    if (!check.isAllowed()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put(ALLOW_ORIGIN, check.origin());
    if (credentials) {
      out.put(ALLOW_CREDENTIALS, "true");
    }
    if (!exposeValue.isEmpty()) {
      out.put(EXPOSE_HEADERS, exposeValue);
    }
    out.put(VARY, "Origin");
    return Collections.unmodifiableMap(out);
  }

  /**
   * The {@code Vary} header every response of a CORS-enabled endpoint carries, allowed or not.
   *
   * @return {@code Map.of("Vary", "Origin")}
   */
  public Map<String, String> vary() {
    return Map.of(VARY, "Origin");
  }

  private boolean headersAllowed(String requestHeaders) {
    if (requestHeaders == null) {
      return true;
    }
    if (requestHeaders.length() > MAX_REQUEST_HEADERS_LENGTH) {
      return false;
    }
    for (String name : requestHeaders.split(",", -1)) {
      String trimmed = name.strip();
      if (trimmed.isEmpty()) {
        if (requestHeaders.isBlank()) {
          return true;
        }
        return false;
      }
      if (!headersLower.contains(trimmed.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "CorsHeaders[methods=" + methodsValue + ", headers=" + headersValue + ", credentials=" + credentials
        + ", maxAge=" + maxAgeValue + "]";
  }

  static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Configures {@link CorsHeaders}. Each setter may be called once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private List<String> methods = List.of("GET", "POST");
    private List<String> headers = List.of();
    private List<String> expose = List.of();
    private boolean methodsSet;
    private boolean headersSet;
    private boolean exposeSet;
    private boolean credentials;
    private Duration maxAge;

    private Builder() {}

    /**
     * Sets the methods a preflight may ask for. Default {@code GET, POST}.
     *
     * @param methods HTTP method tokens, case-sensitive ({@code GET}, not {@code get}); not {@code *}
     * @return this builder
     * @throws IllegalArgumentException if a method is not a token or is {@code *}
     * @throws IllegalStateException if already set
     */
    public Builder allowMethods(String... methods) {
      checkOnce(methodsSet, "allowMethods");
      this.methods = tokens("allowMethods", methods);
      methodsSet = true;
      return this;
    }

    /**
     * Sets the request headers a preflight may ask for, such as {@code Authorization} and {@code
     * Content-Type}. Default none.
     *
     * @param headers header names; not {@code *}
     * @return this builder
     * @throws IllegalArgumentException if a name is not a token or is {@code *}
     * @throws IllegalStateException if already set
     */
    public Builder allowHeaders(String... headers) {
      checkOnce(headersSet, "allowHeaders");
      this.headers = tokens("allowHeaders", headers);
      headersSet = true;
      return this;
    }

    /**
     * Sets the response headers the page's script may read ({@code Access-Control-Expose-Headers}).
     *
     * @param headers header names; not {@code *}
     * @return this builder
     * @throws IllegalArgumentException if a name is not a token or is {@code *}
     * @throws IllegalStateException if already set
     */
    public Builder exposeHeaders(String... headers) {
      checkOnce(exposeSet, "exposeHeaders");
      this.expose = tokens("exposeHeaders", headers);
      exposeSet = true;
      return this;
    }

    /**
     * Sends {@code Access-Control-Allow-Credentials: true}, letting the page send cookies. Widget
     * session tokens travel in a header, so most widget APIs need no credentials.
     *
     * @return this builder
     * @throws IllegalStateException if already called
     */
    public Builder allowCredentials() {
      checkOnce(credentials, "allowCredentials");
      credentials = true;
      return this;
    }

    /**
     * Sets how long a browser may cache a preflight answer. Default {@link #DEFAULT_MAX_AGE}.
     *
     * @param maxAge from zero to {@link #MAX_MAX_AGE}, in whole seconds
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code maxAge} is null
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0) {
        throw new IllegalArgumentException(Errors.corsMaxAgeRange(MAX_MAX_AGE, maxAge));
      }
      checkOnce(this.maxAge != null, "maxAge");
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Builds the headers.
     *
     * @return an immutable, thread-safe instance
     */
    public CorsHeaders build() {
      return new CorsHeaders(this);
    }

    private static List<String> tokens(String setting, String... values) {
      Objects.requireNonNull(values, setting);
      if (values.length == 0) {
        throw new IllegalArgumentException(Errors.corsTokenInvalid(setting));
      }
      List<String> out = new ArrayList<>();
      for (String v : values) {
        if (!isToken(v) || v.equals("*")) {
          throw new IllegalArgumentException(Errors.corsTokenInvalid(setting));
        }
        out.add(v);
      }
      return List.copyOf(new LinkedHashSet<>(out));
    }

    private static void checkOnce(boolean set, String setting) {
      if (set) {
        throw new IllegalStateException(Errors.settingTwice(setting));
      }
    }

    @Override
    public String toString() {
      return "CorsHeaders.Builder";
    }
  }
}
