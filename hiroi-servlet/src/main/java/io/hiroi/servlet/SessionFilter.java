package io.hiroi.servlet;

import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.SessionValidation;
import io.hiroi.servlet.internal.Errors;
import io.hiroi.servlet.internal.PathRules;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code __Host-} session cookie ({@link SessionCookie#read}), validates it with {@link
 * SessionManager#validate} (which slides the idle expiry) and hands the live session to the
 * application as {@link #current(HttpServletRequest)}.
 *
 * <ul>
 *   <li>A live session: when the store has just slid its idle expiry, the cookie is sent again
 *       ({@link SessionCookie#setCookie}), so a persistent cookie's {@code Max-Age} slides too.
 *   <li>A cookie that names no live session (malformed, unknown, revoked, idle, expired): the
 *       cookie is cleared ({@link SessionCookie#clearCookie}). On a <em>required</em> path the
 *       request is denied ({@link Denial.Reason#SESSION_REQUIRED}, 401 by default, or a redirect
 *       to sign-in with {@link DenialHandler#redirectToSignIn}); on an <em>optional</em> path it
 *       goes on without a session. No cookie at all is the same, minus the clearing.
 *   <li>The store cannot answer: fail closed. A required path is denied ({@link
 *       Denial.Reason#SESSION_STORE_UNAVAILABLE}, 503) and the cookie is kept (the session may
 *       well be alive); an optional path goes on without a session and the filter logs a warning.
 * </ul>
 *
 * <p>Paths are required unless configured otherwise: name the public ones with {@link
 * Builder#optional(String...)}; {@link Builder#required(String...)} carves required paths back
 * out of an optional prefix. The most specific pattern wins.
 *
 * <p>Thread-safe; build one and share it.
 *
 * <pre>{@code
 * SessionFilter sessions = SessionFilter.builder(sessionManager, SessionCookie.builder().build())
 *     .optional("/", "/login", "/signup", "/static/*")
 *     .denialHandler(DenialHandler.redirectToSignIn("/login"))
 *     .build();
 * }</pre>
 */
public final class SessionFilter implements Filter {
  /** The request attribute holding the {@link CurrentSession}. */
  public static final String SESSION_ATTRIBUTE = "io.hiroi.servlet.session";

  private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);
  private static final int UNAUTHORIZED = 401;
  private static final int UNAVAILABLE = 503;

  private final SessionManager sessions;
  private final SessionCookie cookie;
  private final PathRules<Boolean> required;
  private final DenialHandler denials;
  private final Clock clock;

  private SessionFilter(Builder b) {
    this.sessions = b.sessions;
    this.cookie = b.cookie;
    this.required = PathRules.of(b.paths, "required/optional");
    this.denials = b.denials == null ? DenialHandler.standard() : b.denials;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param sessions validates the cookie's token
   * @param cookie the session cookie's name and attributes
   * @return the builder
   * @throws NullPointerException when an argument is {@code null}
   */
  public static Builder builder(SessionManager sessions, SessionCookie cookie) {
    return new Builder(Objects.requireNonNull(sessions, "sessions"), Objects.requireNonNull(cookie, "cookie"));
  }

  /**
   * Returns the live session of a request that passed this filter.
   *
   * @param request the request
   * @return the session, or empty when there is none (an optional path without a live session)
   */
  public static Optional<CurrentSession> current(HttpServletRequest request) {
    Object v = request.getAttribute(SESSION_ATTRIBUTE);
    return v instanceof CurrentSession ? Optional.of((CurrentSession) v) : Optional.empty();
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
    http.removeAttribute(SESSION_ATTRIBUTE);
    boolean isRequired = required.match(PathRules.pathOf(http), Boolean.TRUE);
    List<String> cookieHeaders = Collections.list(http.getHeaders("Cookie"));
    String cookieHeader = cookieHeaders.isEmpty() ? null : String.join("; ", cookieHeaders);
    Optional<String> token = cookie.read(cookieHeader);
    if (token.isEmpty()) {
      if (cookieHeader != null && cookieHeader.contains(cookie.name() + "=")) {
        out.addHeader("Set-Cookie", cookie.clearCookie()); // present but unusable: duplicated or broken
      }
      goOnOrDeny(isRequired, http, out, chain, Denial.withDetail(Denial.Reason.SESSION_REQUIRED, UNAUTHORIZED, "NO_SESSION"));
      return;
    }
    Instant before = clock.instant();
    SessionValidation v;
    try {
      v = sessions.validate(token.get());
    } catch (RuntimeException e) { // a store bug is an unavailable store: fail closed
      v = null;
    }
    if (v == null || v.failure().orElse(null) == SessionValidation.Failure.UNAVAILABLE) {
      if (isRequired) {
        denials.deny(http, out, Denial.withDetail(Denial.Reason.SESSION_STORE_UNAVAILABLE, UNAVAILABLE, "UNAVAILABLE"));
      } else {
        LOG.warn(Errors.sessionStoreUnavailableLog());
        chain.doFilter(request, response);
      }
      return;
    }
    if (!v.isValid()) {
      out.addHeader("Set-Cookie", cookie.clearCookie());
      String why = v.failure().map(Enum::name).orElseThrow(AssertionError::new);
      goOnOrDeny(isRequired, http, out, chain, Denial.withDetail(Denial.Reason.SESSION_REQUIRED, UNAUTHORIZED, why));
      return;
    }
    CurrentSession current = new CurrentSession(v.session().orElseThrow(AssertionError::new), token.get());
    if (!current.session().lastSeenAt().isBefore(before)) {
      out.addHeader("Set-Cookie", cookie.setCookie(token.get())); // the store slid the idle expiry just now
    }
    http.setAttribute(SESSION_ATTRIBUTE, current);
    chain.doFilter(request, response);
  }

  private void goOnOrDeny(boolean isRequired, HttpServletRequest http, HttpServletResponse out, FilterChain chain, Denial denial)
      throws IOException, ServletException {
    if (isRequired) {
      denials.deny(http, out, denial);
    } else {
      chain.doFilter(http, out);
    }
  }

  @Override
  public String toString() {
    return "SessionFilter{" + cookie + ", " + required + "}";
  }

  /**
   * Builds a {@link SessionFilter}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final SessionManager sessions;
    private final SessionCookie cookie;
    private final Map<String, Boolean> paths = new LinkedHashMap<>();
    private boolean requiredSet;
    private boolean optionalSet;
    private DenialHandler denials;
    private Clock clock;

    private Builder(SessionManager sessions, SessionCookie cookie) {
      this.sessions = sessions;
      this.cookie = cookie;
    }

    /**
     * Names paths that need a live session; every path not named by {@link #optional} already
     * does, so this is for required paths inside an optional prefix.
     *
     * @param patterns {@code /exact}, {@code /prefix/*} or {@code /*}
     * @return this builder
     * @throws NullPointerException when a pattern is {@code null}
     * @throws IllegalArgumentException when a pattern is invalid or also optional
     * @throws IllegalStateException when already set
     */
    public Builder required(String... patterns) {
      if (requiredSet) {
        throw Errors.alreadySet("required");
      }
      requiredSet = true;
      return add(patterns, Boolean.TRUE, "required");
    }

    /**
     * Names paths where a session is optional: the request goes on without one.
     *
     * @param patterns {@code /exact}, {@code /prefix/*} or {@code /*}
     * @return this builder
     * @throws NullPointerException when a pattern is {@code null}
     * @throws IllegalArgumentException when a pattern is invalid or also required
     * @throws IllegalStateException when already set
     */
    public Builder optional(String... patterns) {
      if (optionalSet) {
        throw Errors.alreadySet("optional");
      }
      optionalSet = true;
      return add(patterns, Boolean.FALSE, "optional");
    }

    private Builder add(String[] patterns, Boolean value, String setting) {
      Objects.requireNonNull(patterns, "patterns");
      for (String p : patterns) {
        PathRules.check(Objects.requireNonNull(p, "pattern"), setting);
        Boolean before = paths.putIfAbsent(p, value);
        if (before != null && !before.equals(value)) {
          throw Errors.invalid(setting, "a pattern that is not both required and optional");
        }
      }
      return this;
    }

    /**
     * Replaces the {@link DenialHandler#standard()} handler, for example with {@link
     * DenialHandler#redirectToSignIn(String)}.
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
     * Sets the clock that tells whether the store just slid a session's expiry; pass the session
     * manager's. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException when {@code clock} is {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw Errors.alreadySet("clock");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public SessionFilter build() {
      return new SessionFilter(this);
    }
  }
}
