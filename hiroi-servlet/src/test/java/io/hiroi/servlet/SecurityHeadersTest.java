package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {
  @Test
  void defaults_areStrict_withTheNonceInScriptAndStyle() {
    Map<String, String> h = SecurityHeaders.defaults().headers("abc_DEF-123", true);
    assertThat(h)
        .containsEntry(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'nonce-abc_DEF-123' 'strict-dynamic'; style-src 'self' 'nonce-abc_DEF-123'; "
                + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        .containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("Referrer-Policy", "strict-origin-when-cross-origin")
        .containsEntry("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
        .containsEntry("Cross-Origin-Opener-Policy", "same-origin")
        .containsEntry("X-Frame-Options", "DENY");
  }

  @Test
  void hsts_isOnlySentOverHttps() {
    assertThat(SecurityHeaders.defaults().headers("n", false)).doesNotContainKey("Strict-Transport-Security");
    assertThat(SecurityHeaders.builder().insecureNoHsts().build().headers("n", true)).doesNotContainKey("Strict-Transport-Security");
    // Behind a TLS-terminating proxy the container sees plain HTTP.
    assertThat(SecurityHeaders.builder().hstsOnEveryResponse().build().headers("n", false))
        .containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    assertThat(SecurityHeaders.builder().hsts(Duration.ofDays(730), true, true).build().headers("n", true))
        .containsEntry("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload");
  }

  @Test
  void directives_canBeReplacedAndAdded() {
    SecurityHeaders h =
        SecurityHeaders.builder()
            .cspDirective("connect-src", "'self' https://api.example.com")
            .cspDirective("upgrade-insecure-requests", "")
            .frameAncestors("'self'")
            .referrerPolicy("no-referrer")
            .permissionsPolicy("camera=()")
            .build();
    Map<String, String> out = h.headers("n1", false);
    assertThat(out.get("Content-Security-Policy"))
        .endsWith("frame-ancestors 'self'; connect-src 'self' https://api.example.com; upgrade-insecure-requests");
    assertThat(out).containsEntry("X-Frame-Options", "SAMEORIGIN").containsEntry("Referrer-Policy", "no-referrer");
    SecurityHeaders partner = SecurityHeaders.builder().frameAncestors("https://partner.example").build();
    assertThat(partner.headers("n", false)).doesNotContainKey("X-Frame-Options");
  }

  @Test
  void headerInjection_andBadSettings_areRefused() {
    assertThatThrownBy(() -> SecurityHeaders.builder().cspDirective("script-src", "'self'\r\nSet-Cookie: a=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a CSP directive value must be free of ';', ',' and control characters");
    assertThatThrownBy(() -> SecurityHeaders.builder().cspDirective("script-src", "'self'; script-src *"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecurityHeaders.builder().cspDirective("Script Src", "'self'")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecurityHeaders.builder().permissionsPolicy("a=()\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecurityHeaders.builder().hsts(Duration.ofDays(30), true, true))
        .hasMessage("HSTS preload must be combined with a max-age of at least a year and includeSubDomains");
    assertThatThrownBy(() -> SecurityHeaders.builder().hsts(Duration.ofDays(-1), true, false))
        .hasMessage("the HSTS max-age must be between PT0S and P730D, was PT-24H");
    assertThatThrownBy(() -> SecurityHeaders.builder().frameAncestors()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecurityHeaders.defaults().headers("a'b", true)).hasMessage("a CSP nonce must be 1 or more base64url characters");
    assertThatThrownBy(() -> SecurityHeaders.defaults().headers("", true)).isInstanceOf(IllegalArgumentException.class);
  }
}
