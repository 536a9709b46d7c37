package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.KeyRing;
import io.hiroi.widget.CorsHeaders;
import io.hiroi.widget.OriginSafelist;
import io.hiroi.widget.WidgetSessionTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WidgetFilterIT {
  private static final String SHOP = "https://shop.example.com";
  private static final String BLOG = "https://blog.example.org";

  private final MovableClock clock = new MovableClock();
  private final KeyRing ring = KeyRing.builder().addKey(1, new byte[32]).primary(1).build();
  private final WidgetSessionTokens tokens = WidgetSessionTokens.builder(ring).clock(clock).ttl(Duration.ofMinutes(30)).build();
  private final CorsHeaders cors = CorsHeaders.builder().allowMethods("GET", "POST").allowHeaders("Authorization", "Content-Type").build();
  private final OriginSafelist safelist = OriginSafelist.builder().allow(SHOP).allow(BLOG).build();
  private final RecordingDenials denials = new RecordingDenials();
  private JettyServer jetty;

  @BeforeEach
  void start() throws Exception {
    WidgetFilter filter = WidgetFilter.builder(tokens, cors, WidgetSite.of("w42", safelist))
        .originOnly("/widget-api/session")
        .denialHandler(denials)
        .build();
    jetty = JettyServer.start(filter);
  }

  @AfterEach
  void stop() {
    jetty.close();
  }

  private String bearer(String origin) {
    return "Bearer " + tokens.issue("w42", origin, "visitor-7");
  }

  @Test
  void aValidToken_fromItsOwnOrigin_reachesTheApp_withTheVisitor_andCorsHeaders() throws Exception {
    HttpResponse<String> r = jetty.send("POST", "/widget-api/messages", "{}", "Origin", SHOP, "Authorization", bearer(SHOP),
        "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("app visitor=visitor-7@" + SHOP + " origin=" + SHOP);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP);
    assertThat(r.headers().firstValue("Vary")).contains("Origin");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  void aPreflight_isAnsweredWithExactlyTheCorsHeaders_andNotPassedOn() throws Exception {
    HttpResponse<String> r = jetty.send("OPTIONS", "/widget-api/messages", null, "Origin", SHOP,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type");
    assertThat(r.statusCode()).isEqualTo(204);
    Map<String, String> expected = cors.preflight(safelist.check(SHOP), "POST", "authorization, content-type");
    assertThat(expected).isNotEmpty();
    expected.forEach((name, value) -> assertThat(r.headers().allValues(name)).as(name).containsExactly(value));
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, POST");
    assertThat(r.headers().firstValue("Access-Control-Max-Age")).contains("600");
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void aPreflight_fromAnUnlistedOrigin_orForAMethodNotAllowed_isRefused_withoutCorsHeaders() throws Exception {
    HttpResponse<String> evil = jetty.send("OPTIONS", "/widget-api/messages", null, "Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST");
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(denials.last()).isEqualTo("ORIGIN_REFUSED/NOT_ALLOWED");
    HttpResponse<String> delete = jetty.send("OPTIONS", "/widget-api/messages", null, "Origin", SHOP,
        "Access-Control-Request-Method", "DELETE");
    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(delete.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    assertThat(denials.last()).isEqualTo("CORS_PREFLIGHT_REFUSED/NOT_ALLOWED");
    HttpResponse<String> header = jetty.send("OPTIONS", "/widget-api/messages", null, "Origin", SHOP,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "X-Secret-Admin");
    assertThat(header.statusCode()).isEqualTo(403);
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void hostileOrMissingOrigins_areRefused_withTheSafelistsReason() throws Exception {
    Map<String, String> cases = Map.of(
        "https://shop.example.com.evil.net", "NOT_ALLOWED",
        "https://shop.example.com@evil.net", "USERINFO",
        "https://evil-shop.example.com", "NOT_ALLOWED",
        "http://shop.example.com", "SCHEME_NOT_ALLOWED",
        "null", "OPAQUE",
        "https://shop.example.com/", "PATH_QUERY_OR_FRAGMENT",
        "https://shop.example.com.", "INVALID_HOST",
        "https://shop.example.com:0", "INVALID_PORT",
        "https://" + "a".repeat(600) + ".com", "OVERSIZED");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = jetty.send("POST", "/widget-api/messages", "{}", "Origin", c.getKey(), "Authorization", bearer(SHOP));
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(403);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(c.getKey()).isEmpty();
      assertThat(r.headers().firstValue("Vary")).contains("Origin");
      assertThat(r.body()).isEqualTo("Request refused\n");
      assertThat(denials.last()).as(c.getKey()).isEqualTo("ORIGIN_REFUSED/" + c.getValue());
    }
    assertThat(jetty.send("POST", "/widget-api/messages", "{}", "Authorization", bearer(SHOP)).statusCode()).isEqualTo(403);
    assertThat(denials.last()).isEqualTo("ORIGIN_REFUSED/MISSING");
    HttpResponse<String> twice = jetty.send("POST", "/widget-api/messages", "{}", "Origin", SHOP, "Origin", "https://evil.example",
        "Authorization", bearer(SHOP));
    assertThat(twice.statusCode()).isEqualTo(403);
    assertThat(denials.last()).isEqualTo("ORIGIN_REFUSED/REPEATED_HEADER");
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void anOriginInAnotherSpelling_isNormalized_andEchoedInItsNormalForm() throws Exception {
    HttpResponse<String> r = jetty.send("GET", "/widget-api/messages", null, "Origin", "https://SHOP.example.com:443",
        "Authorization", bearer(SHOP));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP);
  }

  @Test
  void tokensFromAnotherSite_anotherWidget_expired_tampered_orMissing_areRefused_with401() throws Exception {
    String blogToken = tokens.issue("w42", BLOG, "visitor-7");
    assertRefused(SHOP, "Bearer " + blogToken, "WRONG_ORIGIN");
    assertRefused(SHOP, "Bearer " + tokens.issue("w43", SHOP, "visitor-7"), "WRONG_WIDGET");
    String good = tokens.issue("w42", SHOP, "visitor-7");
    char last = good.charAt(good.length() - 2);
    String tampered = good.substring(0, good.length() - 2) + (last == 'A' ? 'B' : 'A') + good.charAt(good.length() - 1);
    assertRefused(SHOP, "Bearer " + tampered, "BAD_SIGNATURE");
    String otherRing = WidgetSessionTokens.builder(KeyRing.builder().addKey(1, new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})
        .primary(1).build()).clock(clock).build().issue("w42", SHOP, "visitor-7");
    assertRefused(SHOP, "Bearer " + otherRing, "BAD_SIGNATURE");
    assertRefused(SHOP, null, "MISSING");
    assertRefused(SHOP, "Basic dXNlcjpwYXNz", "MISSING");
    assertRefused(SHOP, "Bearer", "MISSING");
    assertRefused(SHOP, "Bearer  " + good, "MISSING");
    assertRefused(SHOP, "Bearer " + good + " x", "MISSING");
    assertRefused(SHOP, "Bearer " + "a".repeat(5000), "MISSING");
    assertRefused(SHOP, "Bearer not.a.jwt", "MALFORMED");
    clock.advance(Duration.ofMinutes(31));
    assertRefused(SHOP, "Bearer " + good, "EXPIRED");
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void headersAboveTheContainersLimit_areRefusedByJetty_beforeAnyFilterOrTheApp() throws Exception {
    HttpResponse<String> r = jetty.send("GET", "/widget-api/messages", null, "Origin", SHOP, "Authorization", "Bearer " + "a".repeat(20_000));
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(denials.seen).isEmpty();
    assertThat(jetty.appCalls).hasValue(0);
  }

  @Test
  void twoAuthorizationHeaders_areRefused_evenIfOneIsValid() throws Exception {
    HttpResponse<String> r = jetty.send("GET", "/widget-api/messages", null, "Origin", SHOP, "Authorization", bearer(SHOP),
        "Authorization", "Bearer x");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(denials.last()).isEqualTo("WIDGET_TOKEN_INVALID/MISSING");
  }

  @Test
  void theBearerScheme_isCaseInsensitive() throws Exception {
    String token = tokens.issue("w42", SHOP, "visitor-7");
    assertThat(jetty.send("GET", "/widget-api/messages", null, "Origin", SHOP, "Authorization", "bearer " + token).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anOriginOnlyPath_needsNoToken_butStillTheOrigin() throws Exception {
    HttpResponse<String> r = jetty.send("POST", "/widget-api/session", "{}", "Origin", BLOG);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("app origin=" + BLOG);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(BLOG);
    assertThat(jetty.send("POST", "/widget-api/session", "{}", "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    // Jetty resolves the dot segment before the filter sees the path: the request is for
    // /widget-api/messages, which is not origin-only, so it needs a token.
    assertThat(jetty.send("POST", "/widget-api/session/../messages", "{}", "Origin", BLOG).statusCode()).isEqualTo(401);
    assertThat(denials.last()).isEqualTo("WIDGET_TOKEN_INVALID/MISSING");
    assertThat(jetty.appCalls).hasValue(1);
  }

  @Test
  void aRefusedRequestWithABodyNobodyRead_closesItsConnection_andOneWithoutKeepsIt() throws Exception {
    HttpResponse<String> withBody = jetty.send("POST", "/widget-api/messages", "{\"text\":\"hello\"}", "Origin", "https://evil.example");
    assertThat(withBody.statusCode()).isEqualTo(403);
    assertThat(withBody.headers().allValues("Connection")).containsExactly("close");
    HttpResponse<String> without = jetty.send("GET", "/widget-api/messages", null, "Origin", "https://evil.example");
    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.headers().allValues("Connection")).isEmpty();
    // The next request goes on whichever connection the client keeps, and is answered.
    assertThat(jetty.send("POST", "/widget-api/session", "{}", "Origin", BLOG).statusCode()).isEqualTo(200);
  }

  @Test
  void whatAnEarlierPassSet_doesNotStandForThisOne() throws Exception {
    // The request passes another widget's filter first (as on a forward), which verifies its own
    // token and sets the visitor; on this filter's origin-only path no visitor has been verified.
    OriginSafelist shop = OriginSafelist.builder().allow(SHOP).build();
    WidgetFilter other = WidgetFilter.builder(tokens, cors, WidgetSite.of("w99", shop)).denialHandler(denials).build();
    WidgetFilter mine = WidgetFilter.builder(tokens, cors, WidgetSite.of("w42", safelist))
        .originOnly("/widget-api/session")
        .denialHandler(denials)
        .build();
    try (JettyServer twice = JettyServer.start(other, mine)) {
      String w99 = "Bearer " + tokens.issue("w99", SHOP, "visitor-9");
      HttpResponse<String> r = twice.send("POST", "/widget-api/session", "{}", "Origin", SHOP, "Authorization", w99);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("app origin=" + SHOP);
    }
  }

  @Test
  void manyWidgets_areLookedUp_perRequest_andAnUnknownOrFailingLookupIsRefused() throws Exception {
    WidgetFilter filter = WidgetFilter.builder(tokens, cors, request -> {
          String path = request.getRequestURI();
          if (path.equals("/w/boom")) {
            throw new IllegalStateException("database down while looking up " + path);
          }
          return path.equals("/w/w42") ? Optional.of(WidgetSite.of("w42", safelist)) : Optional.empty();
        })
        .denialHandler(denials)
        .build();
    try (JettyServer many = JettyServer.start(filter); StandardError err = StandardError.capture()) {
      assertThat(many.send("GET", "/w/w42", null, "Origin", SHOP, "Authorization", bearer(SHOP)).statusCode()).isEqualTo(200);
      assertThat(many.send("GET", "/w/w43", null, "Origin", SHOP, "Authorization", bearer(SHOP)).statusCode()).isEqualTo(404);
      assertThat(denials.last()).isEqualTo("UNKNOWN_WIDGET/NO_SUCH_WIDGET");
      String boom = bearer(SHOP);
      assertThat(many.send("GET", "/w/boom", null, "Origin", SHOP, "Authorization", boom).statusCode()).isEqualTo(404);
      assertThat(denials.last()).isEqualTo("UNKNOWN_WIDGET/LOOKUP_FAILED");
      assertThat(many.appCalls).hasValue(1);
      assertThat(err.text()).as("the lookup's class is logged, never its message nor the token")
          .contains("widget lookup threw java.lang.IllegalStateException; the request is denied")
          .doesNotContain("database down").doesNotContain(boom.substring("Bearer ".length()));
    }
  }

  private void assertRefused(String origin, String authorization, String why) throws Exception {
    HttpResponse<String> r = authorization == null
        ? jetty.send("GET", "/widget-api/messages", null, "Origin", origin)
        : jetty.send("GET", "/widget-api/messages", null, "Origin", origin, "Authorization", authorization);
    assertThat(r.statusCode()).as(why).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as("the widget can read the 401").contains(origin);
    assertThat(r.body()).isEqualTo("Request refused\n");
    assertThat(denials.last()).as(why).isEqualTo("WIDGET_TOKEN_INVALID/" + why);
  }
}
