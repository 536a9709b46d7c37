package io.hiroi.auth;

import io.hiroi.auth.CsrfCheck.Failure;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.crypto.internal.StrictBase64Url;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF protection for state-changing requests, in two independent checks.
 *
 * <p><b>Tokens</b> (synchronizer-token pattern, derived from the session): the session's CSRF
 * secret is {@code HMAC-SHA256(key = the session token, "hiroi-csrf-v1")}, so it needs no storage,
 * changes when the session token rotates, and cannot be computed from the store (which holds only
 * the token's hash) nor by another site (which never sees the {@code HttpOnly} cookie). Each page
 * gets a fresh <em>masked</em> form of it, {@code base64url(mask || mask XOR secret)} with a random
 * 32-byte mask, so that the bytes in a compressed response change every time and a BREACH-style
 * compression side channel learns nothing. {@link #verifyToken} unmasks and compares in constant
 * time.
 *
 * <p><b>Origin</b>: {@link #checkOrigin} refuses a state-changing request (anything but {@code
 * GET}, {@code HEAD}, {@code OPTIONS}, {@code TRACE}) that the browser marks {@code Sec-Fetch-Site:
 * cross-site} or {@code same-site}, or whose {@code Origin} is not one of the trusted origins
 * (compared exactly, after lower-casing). A request with neither header (not from a current
 * browser) passes this check and still needs the token.
 *
 * <p>Immutable and thread-safe; share one instance. Nothing here logs or prints a token.
 *
 * <pre>{@code
 * CsrfTokens csrf = CsrfTokens.trusting(Set.of("https://app.example"));
 * String field = csrf.maskedToken(sessionToken);                 // into each form, fresh per page
 * CsrfCheck origin = csrf.checkOrigin(method, originHeader, secFetchSite);
 * CsrfCheck token = csrf.verifyToken(sessionToken, request.getParameter("_csrf"));
 * }</pre>
 */
public final class CsrfTokens {
  /** The label the per-session secret is derived under. */
  public static final String LABEL = "hiroi-csrf-v1";

  /** The length of a masked token, in characters. */
  public static final int TOKEN_LENGTH = 86;

  private static final byte[] LABEL_BYTES = LABEL.getBytes(StandardCharsets.US_ASCII);
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Set<String> trustedOrigins;

  private CsrfTokens(Set<String> trustedOrigins) {
    this.trustedOrigins = trustedOrigins;
  }

  /**
   * Creates the checks, trusting requests from {@code origins}.
   *
   * @param origins the application's own origins, each {@code scheme://host[:port]} without a
   *     path, at least one
   * @return the checks
   * @throws IllegalArgumentException if no origin is given or one is not of that form
   * @throws NullPointerException if {@code origins} or an element is null
   */
  public static CsrfTokens trusting(Set<String> origins) {
    Objects.requireNonNull(origins, "origins");
    if (origins.isEmpty()) {
      throw Errors.outOfRange("origins", "at least one", 0);
    }
    java.util.HashSet<String> normal = new java.util.HashSet<>();
    for (String o : origins) {
      Objects.requireNonNull(o, "origin");
      if (!o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw Errors.outOfRange("origin", "scheme://host[:port] without a path", "a value of " + o.length() + " characters");
      }
      normal.add(o.toLowerCase(Locale.ROOT));
    }
    return new CsrfTokens(Set.copyOf(normal));
  }

  /**
   * Returns a fresh masked CSRF token for the session (call once per rendered page or response).
   *
   * @param sessionToken the session's token, from its cookie
   * @return {@value #TOKEN_LENGTH} base64url characters, different on every call
   * @throws IllegalArgumentException if the session token is empty
   * @throws NullPointerException if {@code sessionToken} is null
   */
  public String maskedToken(String sessionToken) {
    byte[] secret = secret(sessionToken);
    byte[] mask = Secrets.randomBytes(32);
    byte[] out = new byte[64];
    System.arraycopy(mask, 0, out, 0, 32);
    for (int i = 0; i < 32; i++) {
      out[32 + i] = (byte) (mask[i] ^ secret[i]);
    }
    return StrictBase64Url.encode(out);
  }

  /**
   * Checks a submitted token against the session.
   *
   * @param sessionToken the session's token, from its cookie; {@code null} when there is none
   * @param submitted the token from the form field or header; {@code null} when absent
   * @return allowed, or why not
   */
  public CsrfCheck verifyToken(String sessionToken, String submitted) {
    if (sessionToken == null || sessionToken.isEmpty() || submitted == null || submitted.isEmpty()) {
      return CsrfCheck.refused(Failure.MISSING_TOKEN);
    }
    if (submitted.length() != TOKEN_LENGTH) {
      return CsrfCheck.refused(Failure.MALFORMED_TOKEN);
    }
    byte[] raw = StrictBase64Url.decode(submitted);
    if (raw == null || raw.length != 64) {
      return CsrfCheck.refused(Failure.MALFORMED_TOKEN);
    }
    byte[] unmasked = new byte[32];
    for (int i = 0; i < 32; i++) {
      unmasked[i] = (byte) (raw[i] ^ raw[32 + i]);
    }
    return MessageDigest.isEqual(unmasked, secret(sessionToken)) ? CsrfCheck.allowed() : CsrfCheck.refused(Failure.TOKEN_MISMATCH);
  }

  /**
   * Checks where a request comes from, by the headers browsers set and pages cannot forge.
   *
   * @param method the HTTP method, case-sensitive: only {@code GET}, {@code HEAD}, {@code OPTIONS}
   *     and {@code TRACE} spelled exactly so are exempt, and any other spelling is checked
   * @param origin the {@code Origin} header; {@code null} when absent
   * @param secFetchSite the {@code Sec-Fetch-Site} header; {@code null} when absent
   * @return allowed, or why not
   * @throws NullPointerException if {@code method} is null
   */
  public CsrfCheck checkOrigin(String method, String origin, String secFetchSite) {
    Objects.requireNonNull(method, "method");
    if (SAFE_METHODS.contains(method)) { // methods are case-sensitive (RFC 9110 9.1): "get" is checked
      return CsrfCheck.allowed();
    }
    if (secFetchSite != null) {
      String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
      if (!site.equals("same-origin") && !site.equals("none")) {
        return CsrfCheck.refused(Failure.CROSS_SITE_REQUEST);
      }
    }
    if (origin != null && !trustedOrigins.contains(origin.trim().toLowerCase(Locale.ROOT))) {
      return CsrfCheck.refused(Failure.UNTRUSTED_ORIGIN);
    }
    return CsrfCheck.allowed();
  }

  private static byte[] secret(String sessionToken) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    if (sessionToken.isEmpty()) {
      throw Errors.outOfRange("sessionToken", "non-empty", "empty");
    }
    byte[] key = sessionToken.getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(LABEL_BYTES);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("every JDK has HmacSHA256", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "CsrfTokens[trustedOrigins=" + trustedOrigins.size() + "]";
  }
}
