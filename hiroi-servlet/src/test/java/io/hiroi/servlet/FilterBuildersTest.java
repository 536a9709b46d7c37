package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.auth.CsrfTokens;
import io.hiroi.auth.InMemorySessionStore;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.crypto.KeyRing;
import io.hiroi.widget.CorsHeaders;
import io.hiroi.widget.OriginSafelist;
import io.hiroi.widget.WidgetSessionTokens;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Misconfiguration is refused at build time with a message that names the setting. */
class FilterBuildersTest {
  private final SessionManager sessions = SessionManager.builder(InMemorySessionStore.create()).build();
  private final SessionCookie cookie = SessionCookie.builder().build();

  @Test
  void redirectToSignIn_takesOnlyALocalPath() {
    for (String bad : new String[] {"https://evil.example/login", "//evil.example", "/\\evil.example", "/log in", "login", "",
        "/login\r\nSet-Cookie: a=b"}) {
      assertThatThrownBy(() -> DenialHandler.redirectToSignIn(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("signInPath must be a local path: /..., not //..., printable ASCII without \\");
    }
    assertThat(DenialHandler.redirectToSignIn("/login?next=%2Fapp").toString()).isEqualTo("SignInRedirect{/login?next=%2Fapp}");
  }

  @Test
  void sessionFilter_refusesBadOrContradictoryPaths_andSettingsGivenTwice() {
    assertThatThrownBy(() -> SessionFilter.builder(sessions, cookie).optional("public/*"))
        .hasMessage("optional must be a path pattern: /exact, /prefix/* or /*, printable ASCII without ? # \\");
    assertThatThrownBy(() -> SessionFilter.builder(sessions, cookie).optional("/a/*").required("/a/*"))
        .hasMessage("required must be a pattern that is not both required and optional");
    assertThatThrownBy(() -> SessionFilter.builder(sessions, cookie).optional("/a").optional("/b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("optional is already set");
    assertThatThrownBy(() -> SessionFilter.builder(sessions, cookie).denialHandler(DenialHandler.standard())
        .denialHandler(DenialHandler.standard())).hasMessage("denialHandler is already set");
  }

  @Test
  void csrfFilter_refusesBadNames_andSettingsGivenTwice() {
    CsrfTokens csrf = CsrfTokens.trusting(Set.of("https://app.example"));
    assertThatThrownBy(() -> CsrfFilter.builder(csrf).header("X CSRF")).hasMessage("header must be 1 to 64 of A-Z a-z 0-9 -");
    assertThatThrownBy(() -> CsrfFilter.builder(csrf).formField("csrf token")).hasMessage("formField must be 1 to 64 of A-Z a-z 0-9 _ -");
    assertThatThrownBy(() -> CsrfFilter.builder(csrf).formField("a").formField("b")).hasMessage("formField is already set");
    assertThatThrownBy(() -> CsrfFilter.builder(csrf).originCheckOnly("/login?x"))
        .hasMessage("originCheckOnly must be a path pattern: /exact, /prefix/* or /*, printable ASCII without ? # \\");
  }

  @Test
  void widgetAndAuditFilters_refuseBadPaths_andSettingsGivenTwice() {
    WidgetSessionTokens tokens = WidgetSessionTokens.builder(KeyRing.builder().addKey(1, new byte[32]).primary(1).build()).build();
    WidgetSite site = WidgetSite.of("w42", OriginSafelist.builder().allow("https://shop.example.com").build());
    CorsHeaders cors = CorsHeaders.builder().build();
    assertThatThrownBy(() -> WidgetFilter.builder(tokens, cors, site).originOnly("/a/*/b"))
        .hasMessage("originOnly must be a path pattern: /exact, /prefix/* or /*, printable ASCII without ? # \\");
    assertThatThrownBy(() -> WidgetFilter.builder(tokens, cors, site).originOnly("/a").originOnly("/b"))
        .hasMessage("originOnly is already set");
    assertThatThrownBy(() -> AuditContextFilter.builder(ClientIpResolver.direct()).acceptRequestIdFromAnyClient()
        .acceptRequestIdFromAnyClient()).hasMessage("acceptRequestIdFromAnyClient is already set");
    assertThatThrownBy(() -> AuditContextFilter.builder(ClientIpResolver.direct()).acceptRequestIdFromTrustedProxies()
        .acceptRequestIdFromTrustedProxies()).hasMessage("acceptRequestIdFromTrustedProxies is already set");
    assertThat(site.toString()).isEqualTo("WidgetSite{w42, 1 origins}");
    OriginSafelist origins = OriginSafelist.builder().allow("https://shop.example.com").build();
    for (String bad : new String[] {"w 42", "", "-w42", "w42\n", "x".repeat(200)}) {
      assertThatThrownBy(() -> WidgetSite.of(bad, origins)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("widget id must be 1 to ");
    }
    assertThatThrownBy(() -> WidgetSite.of(null, origins)).isInstanceOf(NullPointerException.class).hasMessage("widgetId");
  }

  @Test
  void aDenial_printsItsReasonAndDetail_only() {
    assertThat(Denial.withDetail(Denial.Reason.WIDGET_TOKEN_INVALID, 401, "EXPIRED").toString())
        .isEqualTo("Denial{WIDGET_TOKEN_INVALID, 401, EXPIRED}");
    assertThat(Denial.withDetail(Denial.Reason.CSRF_REFUSED, 403, "TOKEN_MISMATCH").detail()).contains("TOKEN_MISMATCH");
    assertThat(Denial.of(Denial.Reason.RATE_LIMITED, 429, null).detail()).isEmpty();
  }
}
