package io.hiroi.servlet;

import io.hiroi.servlet.internal.Errors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The security response headers for a page, as plain values (no servlet types): a Content
 * Security Policy whose {@code script-src} and {@code style-src} carry a per-response nonce, HSTS,
 * {@code X-Content-Type-Options}, {@code Referrer-Policy}, {@code Permissions-Policy} and the
 * cross-origin isolation headers. The defaults are strict: scripts and styles only from the page's
 * own origin or with the nonce, no plugins, no {@code <base>}, no framing ({@code frame-ancestors
 * 'none'}), forms only to the own origin.
 *
 * <p>The default policy is
 *
 * <pre>
 * default-src 'self'; script-src 'self' 'nonce-N' 'strict-dynamic'; style-src 'self' 'nonce-N';
 * img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'
 * </pre>
 *
 * <p>HSTS ({@code max-age=31536000; includeSubDomains} by default) is sent over HTTPS, where
 * browsers honour it (RFC 6797, section 7.2). Behind a proxy that terminates TLS the container
 * sees plain HTTP ({@code isSecure()} is false unless it is configured to read the proxy's
 * headers), so HSTS would never go out: set {@link Builder#hstsOnEveryResponse()} there.
 *
 * <p>Immutable and thread-safe; build one from configuration and share it.
 */
public final class SecurityHeaders {
  /** The HSTS max-age by default: one year. */
  public static final Duration DEFAULT_HSTS_MAX_AGE = Duration.ofDays(365);

  private static final String NONCE = "{nonce}";

  private final List<String> cspParts;
  private final Map<String, String> fixed;
  private final String hsts;
  private final boolean hstsOnEveryResponse;

  private SecurityHeaders(Builder b) {
    StringBuilder csp = new StringBuilder();
    for (Map.Entry<String, String> d : b.directives.entrySet()) {
      if (csp.length() > 0) {
        csp.append("; ");
      }
      csp.append(d.getKey());
      if (!d.getValue().isEmpty()) {
        csp.append(' ').append(d.getValue());
      }
    }
    List<String> parts = new ArrayList<>();
    String text = csp.toString();
    int from = 0;
    for (int at = text.indexOf(NONCE); at >= 0; at = text.indexOf(NONCE, from)) {
      parts.add(text.substring(from, at));
      from = at + NONCE.length();
    }
    parts.add(text.substring(from));
    this.cspParts = List.copyOf(parts);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", b.referrerPolicy);
    headers.put("Permissions-Policy", b.permissionsPolicy);
    headers.put("Cross-Origin-Opener-Policy", "same-origin");
    String ancestors = b.directives.getOrDefault("frame-ancestors", "");
    if (ancestors.equals("'none'")) {
      headers.put("X-Frame-Options", "DENY"); // for browsers older than frame-ancestors
    } else if (ancestors.equals("'self'")) {
      headers.put("X-Frame-Options", "SAMEORIGIN");
    }
    this.fixed = Collections.unmodifiableMap(headers);
    this.hsts = b.hstsMaxAge == null
        ? null
        : "max-age=" + b.hstsMaxAge.getSeconds() + (b.hstsSubdomains ? "; includeSubDomains" : "") + (b.hstsPreload ? "; preload" : "");
    this.hstsOnEveryResponse = b.hstsOnEveryResponse;
  }

  /**
   * The strict defaults described above.
   *
   * @return the headers
   */
  public static SecurityHeaders defaults() {
    return builder().build();
  }

  /**
   * Starts a builder from the strict defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the headers for one response.
   *
   * @param nonce the response's CSP nonce (base64url characters only)
   * @param secure whether the request came over HTTPS (HSTS is only sent then, unless {@link
   *     Builder#hstsOnEveryResponse()})
   * @return header name to value, in a fixed order
   * @throws NullPointerException when {@code nonce} is {@code null}
   * @throws IllegalArgumentException when {@code nonce} has other characters
   */
  public Map<String, String> headers(String nonce, boolean secure) {
    Objects.requireNonNull(nonce, "nonce");
    if (nonce.isEmpty() || !nonce.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
      throw Errors.invalid("a CSP nonce", "1 or more base64url characters");
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put("Content-Security-Policy", String.join(nonce, cspParts));
    out.putAll(fixed);
    if ((secure || hstsOnEveryResponse) && hsts != null) {
      out.put("Strict-Transport-Security", hsts);
    }
    return out;
  }

  @Override
  public String toString() {
    return "SecurityHeaders{csp=" + String.join(NONCE, cspParts) + ", hsts=" + hsts + ", " + fixed + "}";
  }

  /**
   * Builds {@link SecurityHeaders}, starting from the strict defaults.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final Map<String, String> directives = new LinkedHashMap<>();
    private String referrerPolicy = "strict-origin-when-cross-origin";
    private String permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    private Duration hstsMaxAge = DEFAULT_HSTS_MAX_AGE;
    private boolean hstsSubdomains = true;
    private boolean hstsPreload;
    private boolean hstsOnEveryResponse;

    private Builder() {
      directives.put("default-src", "'self'");
      directives.put("script-src", "'self' 'nonce-" + NONCE + "' 'strict-dynamic'");
      directives.put("style-src", "'self' 'nonce-" + NONCE + "'");
      directives.put("img-src", "'self' data:");
      directives.put("object-src", "'none'");
      directives.put("base-uri", "'none'");
      directives.put("form-action", "'self'");
      directives.put("frame-ancestors", "'none'");
    }

    /**
     * Sets one CSP directive, replacing the default of that name; {@code {nonce}} in the value
     * stands for the response's nonce, as in {@code 'nonce-{nonce}'}.
     *
     * @param name the directive, such as {@code connect-src}
     * @param value its sources, such as {@code 'self' https://api.example.com}; empty for a
     *     directive without a value such as {@code upgrade-insecure-requests}
     * @return this builder
     * @throws NullPointerException when an argument is {@code null}
     * @throws IllegalArgumentException when the name is not a directive name or the value holds
     *     {@code ;}, {@code ,} or control characters
     */
    public Builder cspDirective(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || c == '-')) {
        throw Errors.invalid("a CSP directive name", "lower-case letters and '-'");
      }
      checkValue("a CSP directive value", value);
      directives.put(name, value.strip());
      return this;
    }

    /**
     * Sets who may frame the pages ({@code frame-ancestors}); default {@code 'none'}.
     *
     * @param sources such as {@code 'self'} or {@code https://app.example.com}
     * @return this builder
     * @throws IllegalArgumentException when no source is given or one is not valid
     */
    public Builder frameAncestors(String... sources) {
      if (sources.length == 0) {
        throw Errors.invalid("frameAncestors", "at least one source, such as 'none' or 'self'");
      }
      return cspDirective("frame-ancestors", String.join(" ", sources));
    }

    /**
     * Sets {@code Referrer-Policy} (default {@code strict-origin-when-cross-origin}).
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalArgumentException when it holds control characters or separators
     */
    public Builder referrerPolicy(String policy) {
      checkValue("referrerPolicy", Objects.requireNonNull(policy, "policy"));
      referrerPolicy = policy.strip();
      return this;
    }

    /**
     * Sets {@code Permissions-Policy} (default: camera, microphone, geolocation, payment and usb
     * turned off).
     *
     * @param policy the policy, such as {@code camera=(), geolocation=(self)}
     * @return this builder
     * @throws IllegalArgumentException when it holds control characters
     */
    public Builder permissionsPolicy(String policy) {
      Objects.requireNonNull(policy, "policy");
      if (policy.isBlank() || policy.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw Errors.invalid("permissionsPolicy", "non-empty, without control characters");
      }
      permissionsPolicy = policy.strip();
      return this;
    }

    /**
     * Sets HSTS.
     *
     * @param maxAge from 0 (which tells browsers to forget it) to 2 years
     * @param includeSubDomains whether it covers subdomains
     * @param preload whether to ask for the browsers' preload lists (needs a max-age of a year or more)
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder hsts(Duration maxAge, boolean includeSubDomains, boolean preload) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.compareTo(Duration.ofDays(730)) > 0) {
        throw Errors.outOfRange("the HSTS max-age", "PT0S and P730D", maxAge.toString());
      }
      if (preload && (maxAge.compareTo(Duration.ofDays(365)) < 0 || !includeSubDomains)) {
        throw Errors.invalid("HSTS preload", "combined with a max-age of at least a year and includeSubDomains");
      }
      hstsMaxAge = maxAge;
      hstsSubdomains = includeSubDomains;
      hstsPreload = preload;
      return this;
    }

    /**
     * Sends HSTS on every response, also those the container saw over plain HTTP: for an app
     * behind a proxy that terminates TLS. Harmless where the app is reached over HTTP too:
     * browsers ignore HSTS received over plain HTTP (RFC 6797, section 8.1).
     *
     * @return this builder
     */
    public Builder hstsOnEveryResponse() {
      hstsOnEveryResponse = true;
      return this;
    }

    /**
     * INSECURE for a production site: sends no HSTS (for example behind a proxy that sets it).
     *
     * @return this builder
     */
    public Builder insecureNoHsts() {
      hstsMaxAge = null;
      return this;
    }

    private static void checkValue(String setting, String value) {
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ';' || c == ',')) {
        throw Errors.invalid(setting, "free of ';', ',' and control characters");
      }
    }

    /**
     * Builds the headers.
     *
     * @return the headers
     */
    public SecurityHeaders build() {
      return new SecurityHeaders(this);
    }
  }
}
