package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-visitor and per-user limits keyed on what the widget and session filters before them verified. */
class RateLimitKeyResolversIT {
  private static final String SHOP = "https://shop.example.com";

  private static RateLimiter twoPerHour(String name) {
    return RateLimiter.builder(name, InMemoryRateLimitBackend.create()).limit(Limit.perHour("hour", 2)).build();
  }

  @Test
  void widgetVisitor_limitsEachVerifiedVisitor_onItsOwn() throws Exception {
    WidgetSessionTokens tokens = WidgetSessionTokens.builder(KeyRing.builder().addKey(1, new byte[32]).primary(1).build()).build();
    WidgetFilter widget = WidgetFilter.builder(tokens, CorsHeaders.builder().build(),
        WidgetSite.of("w42", OriginSafelist.builder().allow(SHOP).build())).build();
    RateLimitFilter perVisitor = RateLimitFilter.builder(twoPerHour("visitor"), RateLimitKeyResolver.widgetVisitor()).build();
    try (JettyServer jetty = JettyServer.start(widget, perVisitor)) {
      String one = "Bearer " + tokens.issue("w42", SHOP, "visitor-1");
      String other = "Bearer " + tokens.issue("w42", SHOP, "visitor-2");
      assertThat(jetty.get("/chat", "Origin", SHOP, "Authorization", one).statusCode()).isEqualTo(200);
      assertThat(jetty.get("/chat", "Origin", SHOP, "Authorization", one).statusCode()).isEqualTo(200);
      assertThat(jetty.get("/chat", "Origin", SHOP, "Authorization", one).statusCode()).isEqualTo(429);
      assertThat(jetty.get("/chat", "Origin", SHOP, "Authorization", other).statusCode()).isEqualTo(200);
      // A fresh token for the same visitor does not reset the count.
      assertThat(jetty.get("/chat", "Origin", SHOP, "Authorization", "Bearer " + tokens.issue("w42", SHOP, "visitor-1")).statusCode())
          .isEqualTo(429);
    }
  }

  @Test
  void sessionUser_limitsEachSignedInUser_acrossTheirSessions_andNotTheSignedOut() throws Exception {
    SessionManager sessions = SessionManager.builder(InMemorySessionStore.create()).build();
    SessionFilter session = SessionFilter.builder(sessions, SessionCookie.builder().build()).optional("/*").build();
    RateLimitFilter perUser = RateLimitFilter.builder(twoPerHour("user"), RateLimitKeyResolver.sessionUser()).build();
    try (JettyServer jetty = JettyServer.start(session, perUser)) {
      String laptop = "__Host-session=" + sessions.create("alice", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
      String phone = "__Host-session=" + sessions.create("alice", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
      assertThat(jetty.get("/", "Cookie", laptop).statusCode()).isEqualTo(200);
      assertThat(jetty.get("/", "Cookie", phone).statusCode()).isEqualTo(200);
      assertThat(jetty.get("/", "Cookie", laptop).statusCode()).isEqualTo(429);
      for (int i = 0; i < 3; i++) {
        assertThat(jetty.get("/").statusCode()).isEqualTo(200);
      }
    }
  }
}
