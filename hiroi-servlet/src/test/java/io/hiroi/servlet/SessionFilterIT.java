package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.AuthStoreException;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.InMemorySessionStore;
import io.hiroi.auth.Session;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.SessionStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionFilterIT {
  private final MovableClock clock = new MovableClock();
  private final SessionManager sessions = SessionManager.builder(InMemorySessionStore.create(1000, clock))
      .clock(clock)
      .idleTimeout(Duration.ofMinutes(30))
      .touchAfter(Duration.ofMinutes(1))
      .build();
  private final SessionCookie cookie = SessionCookie.builder().build();
  private final RecordingDenials denials = new RecordingDenials();

  private SessionFilter filter(SessionManager manager, DenialHandler handler) {
    return SessionFilter.builder(manager, cookie)
        .optional("/", "/public/*")
        .required("/public/settings")
        .denialHandler(handler)
        .clock(clock)
        .build();
  }

  private String signIn(String user) {
    return sessions.create(user, Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
  }

  @Test
  void aLiveSession_reachesTheApp_andTheCookieIsOnlyResentWhenTheStoreSlidItsExpiry() throws Exception {
    String token = signIn("alice");
    try (JettyServer jetty = JettyServer.start(filter(sessions, denials))) {
      clock.advance(Duration.ofSeconds(10));
      HttpResponse<String> r = jetty.get("/account", "Cookie", "theme=dark; __Host-session=" + token);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("app user=alice");
      assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
      clock.advance(Duration.ofMinutes(2));
      HttpResponse<String> slid = jetty.get("/account", "Cookie", "__Host-session=" + token);
      assertThat(slid.statusCode()).isEqualTo(200);
      assertThat(slid.headers().allValues("Set-Cookie")).containsExactly(cookie.setCookie(token));
    }
  }

  @Test
  void theIdleExpirySlides_withUse_andAnIdleSessionIsRefused_andItsCookieCleared() throws Exception {
    String token = signIn("alice");
    try (JettyServer jetty = JettyServer.start(filter(sessions, denials))) {
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofMinutes(20));
        assertThat(jetty.get("/account", "Cookie", "__Host-session=" + token).statusCode()).isEqualTo(200);
      }
      clock.advance(Duration.ofMinutes(31));
      HttpResponse<String> idle = jetty.get("/account", "Cookie", "__Host-session=" + token);
      assertThat(idle.statusCode()).isEqualTo(401);
      assertThat(idle.body()).isEqualTo("Request refused\n");
      assertThat(idle.headers().allValues("Set-Cookie")).containsExactly(cookie.clearCookie());
      assertThat(denials.last()).isEqualTo("SESSION_REQUIRED/IDLE_TIMEOUT");
      assertThat(jetty.appCalls).hasValue(3);
    }
  }

  @Test
  void requiredAndOptionalPaths_withoutASession() throws Exception {
    try (JettyServer jetty = JettyServer.start(filter(sessions, denials))) {
      assertThat(jetty.get("/account").statusCode()).isEqualTo(401);
      assertThat(denials.last()).isEqualTo("SESSION_REQUIRED/NO_SESSION");
      assertThat(jetty.get("/").body()).isEqualTo("app");
      assertThat(jetty.get("/public/pricing").body()).isEqualTo("app");
      assertThat(jetty.get("/public").body()).isEqualTo("app");
      assertThat(jetty.get("/publicity").statusCode()).isEqualTo(401);
      assertThat(jetty.get("/public/settings").statusCode()).isEqualTo(401);
      assertThat(jetty.get("/public/%2e%2e/account").statusCode()).isNotEqualTo(200);
      assertThat(jetty.appCalls).hasValue(3);
    }
  }

  @Test
  void brokenForeignRevokedOrTossedCookies_areNoSession() throws Exception {
    String token = signIn("alice");
    String revoked = signIn("bob");
    sessions.revoke(revoked);
    try (JettyServer jetty = JettyServer.start(filter(sessions, denials))) {
      assertCookieRefused(jetty, "__Host-session=abc", "MALFORMED", true);
      char c = token.charAt(20);
      assertCookieRefused(jetty, "__Host-session=" + token.substring(0, 20) + (c == 'A' ? 'B' : 'A') + token.substring(21), "UNKNOWN", true);
      assertCookieRefused(jetty, "__Host-session=" + revoked, "UNKNOWN", true);
      assertCookieRefused(jetty, "__Host-session=" + token + "; __Host-session=" + revoked, "NO_SESSION", true);
      assertCookieRefused(jetty, "__Host-session=\"" + token + "\"", "NO_SESSION", true);
      assertCookieRefused(jetty, "__Host-session=" + "A".repeat(6000), "MALFORMED", true);
      assertCookieRefused(jetty, "session=" + token, "NO_SESSION", false);
      assertCookieRefused(jetty, "__host-session=" + token, "NO_SESSION", false);
      // On an optional path a broken cookie is cleared too, and the request goes on signed out.
      HttpResponse<String> optional = jetty.get("/", "Cookie", "__Host-session=abc");
      assertThat(optional.body()).isEqualTo("app");
      assertThat(optional.headers().allValues("Set-Cookie")).containsExactly(cookie.clearCookie());
      assertThat(jetty.appCalls).hasValue(1);
    }
  }

  private void assertCookieRefused(JettyServer jetty, String cookieHeader, String why, boolean cleared) throws Exception {
    HttpResponse<String> r = jetty.get("/account", "Cookie", cookieHeader);
    assertThat(r.statusCode()).as(why).isEqualTo(401);
    assertThat(denials.last()).as(why).isEqualTo("SESSION_REQUIRED/" + why);
    assertThat(r.headers().allValues("Set-Cookie")).as(why).isEqualTo(cleared ? List.of(cookie.clearCookie()) : List.of());
  }

  @Test
  void anUnavailableStore_deniesRequiredPaths_keepsTheCookie_andOptionalPathsGoOnSignedOut() throws Exception {
    SessionManager down = SessionManager.builder(new DownStore()).clock(clock).build();
    String token = signIn("alice");
    try (JettyServer jetty = JettyServer.start(filter(down, denials)); StandardError err = StandardError.capture()) {
      HttpResponse<String> r = jetty.get("/account", "Cookie", "__Host-session=" + token);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
      assertThat(denials.last()).isEqualTo("SESSION_STORE_UNAVAILABLE/UNAVAILABLE");
      HttpResponse<String> optional = jetty.get("/", "Cookie", "__Host-session=" + token);
      assertThat(optional.statusCode()).isEqualTo(200);
      assertThat(optional.body()).isEqualTo("app");
      assertThat(optional.headers().allValues("Set-Cookie")).isEmpty();
      assertThat(err.text()).contains("the session store could not answer; the request goes on without a session (optional path)")
          .doesNotContain(token).doesNotContain("test-only-password");
    }
  }

  @Test
  void redirectToSignIn_sendsBrowsersToTheLoginPage_butNotPostsNorAnUnavailableStore() throws Exception {
    RecordingDenials redirecting = new RecordingDenials(DenialHandler.redirectToSignIn("/login"));
    try (JettyServer jetty = JettyServer.start(filter(sessions, redirecting))) {
      HttpResponse<String> r = jetty.get("/account");
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).contains("/login");
      assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(jetty.send("POST", "/account", "a=b").statusCode()).isEqualTo(401);
    }
    try (JettyServer jetty = JettyServer.start(filter(SessionManager.builder(new DownStore()).build(), redirecting))) {
      assertThat(jetty.get("/account", "Cookie", "__Host-session=" + signIn("alice")).statusCode()).isEqualTo(503);
    }
  }

  /** A store whose every call fails, as an unreachable Redis does. */
  private static final class DownStore implements SessionStore {
    private static AuthStoreException down() {
      return new AuthStoreException("session store unreachable at redis://default:test-only-password@10.0.0.5");
    }

    @Override
    public void create(String tag, Session session, Duration idleTimeout, int maxPerUser) {
      throw down();
    }

    @Override
    public Optional<Session> findAndTouch(String tag, String id, Instant now, Duration idleTimeout, Duration touchAfter) {
      throw down();
    }

    @Override
    public boolean replace(String tag, String oldId, Session replacement, Duration idleTimeout) {
      throw down();
    }

    @Override
    public boolean remove(String tag, String id, String userId) {
      throw down();
    }

    @Override
    public int removeAll(String tag, String userId) {
      throw down();
    }

    @Override
    public List<Session> list(String tag, String userId) {
      throw down();
    }
  }
}
