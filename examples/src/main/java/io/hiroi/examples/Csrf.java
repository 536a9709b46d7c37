package io.hiroi.examples;

import io.hiroi.auth.CsrfCheck;
import io.hiroi.auth.CsrfTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * CSRF protection of every form: a fresh masked token ({@link CsrfTokens}) in a hidden field of
 * each page, checked with the request's {@code Origin} / {@code Sec-Fetch-Site} on every POST.
 * The token derives from the session token, or, before sign-in, from a random pre-session cookie
 * ({@code __Host-presession}), so the sign-in and sign-up forms are protected too. hiroi-servlet's
 * {@code CsrfFilter} checks tokens derived from the session only, and offers just the origin
 * check on paths without one ({@code originCheckOnly}), which is why the app keeps this class.
 * Thread-safe; share one instance.
 */
final class Csrf {
  static final String FIELD = "_csrf";
  static final String PRE_SESSION_COOKIE = "__Host-presession";
  private static final String ATTRIBUTE = Csrf.class.getName();

  private final CsrfTokens tokens;
  private final WebSessions sessions;

  Csrf(CsrfTokens tokens, WebSessions sessions) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** The hidden form field for this response (sets the pre-session cookie when there is none). */
  String field(HttpServletRequest req, HttpServletResponse resp) {
    String secret = sessions.current(req).map(s -> s.token).orElseGet(() -> preSession(req).orElseGet(() -> newPreSession(req, resp)));
    return Html.hidden(FIELD, tokens.maskedToken(secret));
  }

  /** Checks a state-changing request: origin first, then the token. */
  CsrfCheck check(HttpServletRequest req) {
    CsrfCheck origin = tokens.checkOrigin(req.getMethod(), req.getHeader("Origin"), req.getHeader("Sec-Fetch-Site"));
    if (!origin.isAllowed()) {
      return origin;
    }
    String secret = sessions.current(req).map(s -> s.token).orElseGet(() -> preSession(req).orElse(null));
    return tokens.verifyToken(secret, req.getParameter(FIELD));
  }

  private Optional<String> preSession(HttpServletRequest req) {
    Object set = req.getAttribute(ATTRIBUTE);
    if (set instanceof String) {
      return Optional.of((String) set);
    }
    return Cookies.read(req.getHeader("Cookie"), PRE_SESSION_COOKIE);
  }

  private static String newPreSession(HttpServletRequest req, HttpServletResponse resp) {
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(Accounts.randomBytes(32));
    resp.addHeader("Set-Cookie", PRE_SESSION_COOKIE + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    req.setAttribute(ATTRIBUTE, value);
    return value;
  }
}
