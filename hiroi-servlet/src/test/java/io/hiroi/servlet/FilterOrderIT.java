package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.CsrfTokens;
import io.hiroi.auth.InMemorySessionStore;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.widget.CorsHeaders;
import io.hiroi.widget.OriginSafelist;
import io.hiroi.widget.WidgetSessionTokens;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documented order, every filter together in one Jetty: audit context, security headers, rate
 * limit, then the widget filter (widget API) or the session filter (the app), then CSRF, then the
 * application. A denial by any inner filter still carries what the outer ones wrote.
 */
class FilterOrderIT {
  private static final String APP = "https://app.example";
  private static final String SHOP = "https://shop.example.com";

  private final SessionManager sessions = SessionManager.builder(InMemorySessionStore.create()).build();
  private final WidgetSessionTokens tokens =
      WidgetSessionTokens.builder(KeyRing.builder().addKey(1, new byte[32]).primary(1).build()).build();
  private JettyServer jetty;

  @BeforeEach
  void start() throws Exception {
    ClientIpResolver ips = ClientIpResolver.direct();
    RateLimiter perIp = RateLimiter.builder("ip", InMemoryRateLimitBackend.create()).limit(Limit.perHour("hour", 12)).build();
    SessionCookie cookie = SessionCookie.builder().build();
    jetty = JettyServer.mapped(
        AuditContextFilter.builder(ips).build(), "/*",
        SecurityHeadersFilter.create(SecurityHeaders.defaults()), "/*",
        RateLimitFilter.builder(perIp, RateLimitKeyResolver.ip(ips)).build(), "/*",
        WidgetFilter.builder(tokens, CorsHeaders.builder().allowHeaders("Authorization").build(),
            WidgetSite.of("w42", OriginSafelist.builder().allow(SHOP).build())).build(), "/widget-api/*",
        SessionFilter.builder(sessions, cookie).optional("/app/login").build(), "/app/*",
        CsrfFilter.builder(CsrfTokens.trusting(Set.of(APP))).originCheckOnly("/app/login").build(), "/app/*");
  }

  @AfterEach
  void stop() {
    jetty.close();
  }

  private static void assertOuterFiltersRan(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("RateLimit")).isPresent();
  }

  @Test
  void aSignedInFormPost_passesEveryFilter_andTheAppSeesWhatEachOneHandedOn() throws Exception {
    String session = "__Host-session=" + sessions.create("alice", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
    String page = jetty.get("/app/items", "Cookie", session).body();
    String csrf = page.substring(page.indexOf("csrf=") + 5, page.indexOf(' ', page.indexOf("csrf=")));
    HttpResponse<String> r = jetty.send("POST", "/app/items", "title=hi&_csrf=" + csrf, "Cookie", session, "Origin", APP,
        "Sec-Fetch-Site", "same-origin");
    assertThat(r.statusCode()).isEqualTo(200);
    assertOuterFiltersRan(r);
    String rid = r.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(r.body()).matches("app nonce=\\S+ user=alice csrf=\\S+ rid=" + rid + " ip=127.0.0.1 bound=" + rid);
  }

  @Test
  void denialsOfTheInnerFilters_stillCarryTheRequestIdTheSecurityHeadersAndTheRateLimit() throws Exception {
    HttpResponse<String> noSession = jetty.send("POST", "/app/items", "x=1");
    assertThat(noSession.statusCode()).isEqualTo(401);
    assertOuterFiltersRan(noSession);
    String session = "__Host-session=" + sessions.create("alice", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
    HttpResponse<String> forged = jetty.send("POST", "/app/items", "x=1&_csrf=forged", "Cookie", session);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertOuterFiltersRan(forged);
    HttpResponse<String> crossSite = jetty.send("POST", "/app/login", "email=a", "Sec-Fetch-Site", "cross-site");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    HttpResponse<String> evilOrigin = jetty.send("POST", "/widget-api/messages", "{}", "Origin", "https://evil.example");
    assertThat(evilOrigin.statusCode()).isEqualTo(403);
    assertOuterFiltersRan(evilOrigin);
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void theWidgetApi_takesNoCookiesAndNoCsrfToken_butItsBearerToken() throws Exception {
    String token = tokens.issue("w42", SHOP, "visitor-1");
    HttpResponse<String> r = jetty.send("POST", "/widget-api/messages", "{}", "Origin", SHOP, "Authorization", "Bearer " + token,
        "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertOuterFiltersRan(r);
    assertThat(r.body()).contains(" visitor=visitor-1@" + SHOP + " ").doesNotContain("user=").doesNotContain("csrf=");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP);
  }

  @Test
  void theRateLimit_stopsRequestsBeforeTheSessionAndWidgetChecks() throws Exception {
    for (int i = 0; i < 12; i++) {
      assertThat(jetty.get("/app/login").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = jetty.send("POST", "/widget-api/messages", "{}", "Origin", "https://evil.example");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(limited.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(jetty.appCalls).hasValue(12);
  }
}
