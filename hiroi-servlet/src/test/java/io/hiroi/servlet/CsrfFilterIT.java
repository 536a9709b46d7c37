package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.CsrfTokens;
import io.hiroi.auth.InMemorySessionStore;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CsrfFilterIT {
  private static final String APP = "https://app.example";

  private final SessionManager sessions = SessionManager.builder(InMemorySessionStore.create()).build();
  private final SessionCookie cookie = SessionCookie.builder().build();
  private final RecordingDenials denials = new RecordingDenials();
  private JettyServer jetty;

  @BeforeEach
  void start() throws Exception {
    SessionFilter sessionFilter = SessionFilter.builder(sessions, cookie).optional("/*").build();
    CsrfFilter csrf = CsrfFilter.builder(CsrfTokens.trusting(Set.of(APP)))
        .originCheckOnly("/login")
        .denialHandler(denials)
        .build();
    jetty = JettyServer.start(sessionFilter, csrf);
  }

  @AfterEach
  void stop() {
    jetty.close();
  }

  private String signIn(String user) {
    return "__Host-session=" + sessions.create(user, Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
  }

  /** The masked token a page of this session would carry. */
  private String pageToken(String sessionCookie) throws Exception {
    String body = jetty.get("/page", "Cookie", sessionCookie).body();
    return body.substring(body.indexOf("csrf=") + "csrf=".length());
  }

  @Test
  void pages_getAFreshMaskedToken_everyTime_andNoneWithoutASession() throws Exception {
    String alice = signIn("alice");
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      String t = pageToken(alice);
      assertThat(t).matches("[A-Za-z0-9_-]{" + CsrfTokens.TOKEN_LENGTH + "}");
      tokens.add(t);
    }
    assertThat(tokens).hasSize(5);
    assertThat(jetty.get("/page").body()).isEqualTo("app");
  }

  @Test
  void aStateChangingRequest_withItsSessionsToken_inTheHeaderOrTheForm_goesThrough() throws Exception {
    String alice = signIn("alice");
    String token = pageToken(alice);
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
      HttpResponse<String> r = jetty.send(method, "/items", "x=1", "Cookie", alice, "X-CSRF-Token", token, "Origin", APP,
          "Sec-Fetch-Site", "same-origin");
      assertThat(r.statusCode()).as(method).isEqualTo(200);
      assertThat(r.body()).as(method).startsWith("app user=alice csrf=");
    }
    HttpResponse<String> form = jetty.send("POST", "/items", "title=hello&_csrf=" + token, "Cookie", alice);
    assertThat(form.statusCode()).isEqualTo(200);
  }

  @Test
  void missingForgedMalformedForeignAndReplayedTokens_areRefused_andNeverReachTheApp() throws Exception {
    String alice = signIn("alice");
    String bob = signIn("bob");
    String bobsToken = pageToken(bob);
    String alicesToken = pageToken(alice);
    int before = jetty.appCalls.get();
    assertRefused("POST", "/items", "x=1", "MISSING_TOKEN", "Cookie", alice);
    assertRefused("POST", "/items", "x=1", "TOKEN_MISMATCH", "Cookie", alice, "X-CSRF-Token", bobsToken);
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
    assertRefused("POST", "/items", "x=1", "TOKEN_MISMATCH", "Cookie", alice, "X-CSRF-Token", forged);
    assertRefused("POST", "/items", "x=1", "MALFORMED_TOKEN", "Cookie", alice, "X-CSRF-Token", "abc");
    assertRefused("POST", "/items", "x=1", "MALFORMED_TOKEN", "Cookie", alice, "X-CSRF-Token", "%".repeat(CsrfTokens.TOKEN_LENGTH));
    // Two token headers, or a token in the query string (it leaks into logs and Referer): not read.
    assertRefused("POST", "/items", "x=1", "MISSING_TOKEN", "Cookie", alice, "X-CSRF-Token", alicesToken, "X-CSRF-Token", alicesToken);
    assertRefused("POST", "/items?_csrf=" + alicesToken, "x=1", "MISSING_TOKEN", "Cookie", alice);
    assertRefused("POST", "/items?%5Fcsrf=" + alicesToken, "_csrf=" + alicesToken, "MISSING_TOKEN", "Cookie", alice);
    // No session: nothing to match, even a once-valid token.
    assertRefused("POST", "/items", "x=1", "MISSING_TOKEN", "X-CSRF-Token", alicesToken);
    // Replayed after sign-out: the old session's token does not fit the new session.
    sessions.revoke(alice.substring("__Host-session=".length()));
    assertRefused("POST", "/items", "x=1", "MISSING_TOKEN", "Cookie", alice, "X-CSRF-Token", alicesToken);
    String again = signIn("alice");
    assertRefused("POST", "/items", "x=1", "TOKEN_MISMATCH", "Cookie", again, "X-CSRF-Token", alicesToken);
    // An unknown method is state-changing too.
    assertRefused("PROPPATCH", "/items", "x=1", "MISSING_TOKEN", "Cookie", again);
    assertThat(jetty.appCalls.get()).isEqualTo(before);
  }

  @Test
  void crossSiteRequests_areRefused_evenWithAValidToken() throws Exception {
    String alice = signIn("alice");
    String token = pageToken(alice);
    int before = jetty.appCalls.get();
    assertRefused("POST", "/items", "x=1", "CROSS_SITE_REQUEST", "Cookie", alice, "X-CSRF-Token", token, "Sec-Fetch-Site", "cross-site");
    assertRefused("POST", "/items", "x=1", "CROSS_SITE_REQUEST", "Cookie", alice, "X-CSRF-Token", token, "Sec-Fetch-Site", "same-site");
    assertRefused("POST", "/items", "x=1", "UNTRUSTED_ORIGIN", "Cookie", alice, "X-CSRF-Token", token, "Origin", "https://evil.example");
    assertRefused("POST", "/items", "x=1", "UNTRUSTED_ORIGIN", "Cookie", alice, "X-CSRF-Token", token, "Origin", "null");
    assertRefused("POST", "/items", "x=1", "UNTRUSTED_ORIGIN", "Cookie", alice, "X-CSRF-Token", token, "Origin", APP + ".evil.example");
    assertRefused("POST", "/items", "x=1", "REPEATED_HEADER", "Cookie", alice, "X-CSRF-Token", token, "Origin", APP,
        "Origin", "https://evil.example");
    assertThat(jetty.appCalls.get()).isEqualTo(before);
  }

  @Test
  void safeMethods_passWithoutAToken_andOriginCheckOnlyPaths_needNoSession() throws Exception {
    assertThat(jetty.get("/items").statusCode()).isEqualTo(200);
    assertThat(jetty.send("HEAD", "/items", null).statusCode()).isEqualTo(200);
    assertThat(jetty.send("OPTIONS", "/items", null).statusCode()).isEqualTo(200);
    assertThat(jetty.send("POST", "/login", "email=a%40b.example", "Origin", APP, "Sec-Fetch-Site", "same-origin").statusCode())
        .isEqualTo(200);
    assertRefused("POST", "/login", "email=a%40b.example", "CROSS_SITE_REQUEST", "Sec-Fetch-Site", "cross-site");
    assertRefused("POST", "/login/other", "x=1", "MISSING_TOKEN");
  }

  private void assertRefused(String method, String path, String body, String why, String... headers) throws Exception {
    HttpResponse<String> r = jetty.send(method, path, body, headers);
    assertThat(r.statusCode()).as(why).isEqualTo(403);
    assertThat(r.body()).isEqualTo("Request refused\n");
    assertThat(denials.last()).as(why).isEqualTo("CSRF_REFUSED/" + why);
  }
}
