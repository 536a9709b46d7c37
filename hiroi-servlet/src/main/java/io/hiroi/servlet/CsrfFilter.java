package io.hiroi.servlet;

import io.hiroi.auth.CsrfCheck;
import io.hiroi.auth.CsrfTokens;
import io.hiroi.servlet.internal.Errors;
import io.hiroi.servlet.internal.HeaderValues;
import io.hiroi.servlet.internal.PathRules;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses cross-site request forgery with {@link CsrfTokens}' two checks. Every request but {@code
 * GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE} (written exactly so; {@code POST}, {@code
 * PUT}, {@code PATCH}, {@code DELETE} and any unknown method) is state-changing and must pass both:
 *
 * <ol>
 *   <li>the origin check: {@code Sec-Fetch-Site} is {@code same-origin} or {@code none} when
 *       present, and {@code Origin}, when present, is one of the trusted origins ({@link
 *       CsrfTokens#checkOrigin}); a repeated {@code Origin} header is refused too;
 *   <li>the token check: the masked token from the {@code X-CSRF-Token} header, or else from the
 *       {@code _csrf} form field of the body (never the query string, which leaks into logs and
 *       {@code Referer}), must belong to the request's session ({@link CsrfTokens#verifyToken}),
 *       so a token of another session, of a session since signed out or rotated, or a forged one
 *       fails.
 * </ol>
 *
 * <p>A refused request goes to the {@link DenialHandler} (403, {@link Denial.Reason#CSRF_REFUSED})
 * and never reaches the application. The session is the one {@link SessionFilter} validated, so
 * register that filter before this one; a request without a live session has no token to match
 * and is refused. Paths named with {@link Builder#originCheckOnly(String...)} (sign-in and sign-up
 * forms, posted before a session exists) get only the origin check.
 *
 * <p>For pages, every request with a session gets a fresh masked token (a new mask each time,
 * against BREACH-style compression attacks) in {@link #token(HttpServletRequest)}, to put into
 * forms as the {@code _csrf} field or into a {@code <meta>} tag for scripts.
 *
 * <p>Thread-safe; build one and share it.
 *
 * <pre>{@code
 * CsrfFilter csrf = CsrfFilter.builder(CsrfTokens.trusting(Set.of("https://app.example")))
 *     .originCheckOnly("/login", "/signup")
 *     .build();
 * }</pre>
 */
public final class CsrfFilter implements Filter {
  /** The request attribute holding the masked CSRF token for the page (a String). */
  public static final String TOKEN_ATTRIBUTE = "io.hiroi.servlet.csrfToken";

  /** The default request header that carries the token. */
  public static final String DEFAULT_HEADER = "X-CSRF-Token";

  /** The default form field that carries the token. */
  public static final String DEFAULT_FORM_FIELD = "_csrf";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final int FORBIDDEN = 403;

  private final CsrfTokens csrf;
  private final String header;
  private final String field;
  private final PathRules<Boolean> originCheckOnly;
  private final DenialHandler denials;

  private CsrfFilter(Builder b) {
    this.csrf = b.csrf;
    this.header = b.header == null ? DEFAULT_HEADER : b.header;
    this.field = b.field == null ? DEFAULT_FORM_FIELD : b.field;
    this.originCheckOnly = PathRules.of(b.originCheckOnly, "originCheckOnly");
    this.denials = b.denials == null ? DenialHandler.standard() : b.denials;
  }

  /**
   * Starts a builder.
   *
   * @param csrf the checks, trusting the application's own origins
   * @return the builder
   * @throws NullPointerException when {@code csrf} is {@code null}
   */
  public static Builder builder(CsrfTokens csrf) {
    return new Builder(Objects.requireNonNull(csrf, "csrf"));
  }

  /**
   * Returns a fresh masked CSRF token of the request's session, for the page to submit back.
   *
   * @param request a request that passed this filter
   * @return the token, or empty when the request has no session
   */
  public static Optional<String> token(HttpServletRequest request) {
    Object v = request.getAttribute(TOKEN_ATTRIBUTE);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    http.removeAttribute(TOKEN_ATTRIBUTE);
    Optional<CurrentSession> session = SessionFilter.current(http);
    String method = http.getMethod();
    if (!SAFE_METHODS.contains(method)) {
      CsrfCheck origin = HeaderValues.repeated(http, "Origin")
          ? null
          : csrf.checkOrigin(method, http.getHeader("Origin"), HeaderValues.single(http, "Sec-Fetch-Site"));
      if (origin == null || !origin.isAllowed()) {
        String why = origin == null ? "REPEATED_HEADER" : origin.failure().map(Enum::name).orElseThrow(AssertionError::new);
        denials.deny(http, out, Denial.withDetail(Denial.Reason.CSRF_REFUSED, FORBIDDEN, why));
        return;
      }
      if (!originCheckOnly.match(PathRules.pathOf(http), Boolean.FALSE)) {
        CsrfCheck token = csrf.verifyToken(session.map(CurrentSession::token).orElse(null), submitted(http));
        if (!token.isAllowed()) {
          String why = token.failure().map(Enum::name).orElseThrow(AssertionError::new);
          denials.deny(http, out, Denial.withDetail(Denial.Reason.CSRF_REFUSED, FORBIDDEN, why));
          return;
        }
      }
    }
    session.ifPresent(s -> http.setAttribute(TOKEN_ATTRIBUTE, csrf.maskedToken(s.token())));
    chain.doFilter(request, response);
  }

  /** The token from the header, else from a body form field; null when absent or ambiguous. */
  private String submitted(HttpServletRequest http) {
    if (HeaderValues.repeated(http, header)) {
      return null;
    }
    String fromHeader = http.getHeader(header);
    if (fromHeader != null) {
      return fromHeader;
    }
    if (inQuery(http.getQueryString())) {
      return null;
    }
    String[] values;
    try {
      values = http.getParameterValues(field);
    } catch (RuntimeException e) { // an unreadable body (a multipart form without a config, a bad encoding)
      return null;
    }
    return values != null && values.length == 1 ? values[0] : null;
  }

  /** Whether the query string names the form field (a token there is refused, not read). */
  private boolean inQuery(String query) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      try {
        if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals(field)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        return true; // undecodable: the container's own reading is unknowable, so refuse
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "CsrfFilter{" + csrf + ", header=" + header + ", field=" + field + ", originCheckOnly=" + originCheckOnly + "}";
  }

  /**
   * Builds a {@link CsrfFilter}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final CsrfTokens csrf;
    private final Map<String, Boolean> originCheckOnly = new LinkedHashMap<>();
    private String header;
    private String field;
    private DenialHandler denials;

    private Builder(CsrfTokens csrf) {
      this.csrf = csrf;
    }

    /**
     * Names paths that get only the origin check, not the token check: forms posted before a
     * session exists (sign-in, sign-up, password reset request). This weakens the protection of
     * those paths to what {@code Sec-Fetch-Site} and {@code Origin} give.
     *
     * @param patterns {@code /exact}, {@code /prefix/*} or {@code /*}
     * @return this builder
     * @throws NullPointerException when a pattern is {@code null}
     * @throws IllegalArgumentException when a pattern is invalid
     * @throws IllegalStateException when already set
     */
    public Builder originCheckOnly(String... patterns) {
      Objects.requireNonNull(patterns, "patterns");
      if (!originCheckOnly.isEmpty()) {
        throw Errors.alreadySet("originCheckOnly");
      }
      for (String p : patterns) {
        originCheckOnly.put(PathRules.check(Objects.requireNonNull(p, "pattern"), "originCheckOnly"), Boolean.TRUE);
      }
      return this;
    }

    /**
     * Sets the request header that carries the token (default {@value #DEFAULT_HEADER}).
     *
     * @param name a header name: 1 to 64 of {@code A-Z a-z 0-9 -}
     * @return this builder
     * @throws NullPointerException when {@code name} is {@code null}
     * @throws IllegalArgumentException when it is not such a name
     * @throws IllegalStateException when already set
     */
    public Builder header(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9-]{1,64}")) {
        throw Errors.invalid("header", "1 to 64 of A-Z a-z 0-9 -");
      }
      if (header != null) {
        throw Errors.alreadySet("header");
      }
      header = name;
      return this;
    }

    /**
     * Sets the form field that carries the token (default {@value #DEFAULT_FORM_FIELD}).
     *
     * @param name 1 to 64 of {@code A-Z a-z 0-9 _ -}
     * @return this builder
     * @throws NullPointerException when {@code name} is {@code null}
     * @throws IllegalArgumentException when it is not such a name
     * @throws IllegalStateException when already set
     */
    public Builder formField(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
        throw Errors.invalid("formField", "1 to 64 of A-Z a-z 0-9 _ -");
      }
      if (field != null) {
        throw Errors.alreadySet("formField");
      }
      field = name;
      return this;
    }

    /**
     * Replaces the {@link DenialHandler#standard()} handler.
     *
     * @param handler the handler
     * @return this builder
     * @throws NullPointerException when {@code handler} is {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder denialHandler(DenialHandler handler) {
      Objects.requireNonNull(handler, "handler");
      if (denials != null) {
        throw Errors.alreadySet("denialHandler");
      }
      denials = handler;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public CsrfFilter build() {
      return new CsrfFilter(this);
    }
  }
}
