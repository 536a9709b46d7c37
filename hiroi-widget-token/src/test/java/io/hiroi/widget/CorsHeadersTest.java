package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsHeadersTest {
  private final OriginSafelist safelist = OriginSafelist.builder().allow("https://shop.example.com").build();
  private final CorsHeaders cors =
      CorsHeaders.builder()
          .allowMethods("GET", "POST")
          .allowHeaders("Authorization", "Content-Type")
          .exposeHeaders("Retry-After")
          .maxAge(Duration.ofMinutes(5))
          .build();

  @Test
  void preflight_forAnAllowedOrigin_echoesItExactly() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Access-Control-Allow-Origin", "https://shop.example.com");
    expected.put("Access-Control-Allow-Methods", "GET, POST");
    expected.put("Access-Control-Allow-Headers", "Authorization, Content-Type");
    expected.put("Access-Control-Max-Age", "300");
    expected.put("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    Map<String, String> got = cors.preflight(safelist.check("HTTPS://shop.example.com:443"), "POST", "content-type, authorization");
    assertThat(got).containsExactlyEntriesOf(expected);
  }

  @Test
  void actualResponse_forAnAllowedOrigin() {
    assertThat(cors.actualResponse(safelist.check("https://shop.example.com")))
        .containsExactly(
            Map.entry("Access-Control-Allow-Origin", "https://shop.example.com"),
            Map.entry("Access-Control-Expose-Headers", "Retry-After"),
            Map.entry("Vary", "Origin"));
  }

  @Test
  void deniedOrigin_getsNoCorsHeaders_butVary() {
    assertThat(cors.preflight(safelist.check("https://evil.example"), "POST", null)).isEmpty();
    assertThat(cors.actualResponse(safelist.check("null"))).isEmpty();
    assertThat(cors.vary()).containsExactly(Map.entry("Vary", "Origin"));
  }

  @Test
  void preflight_refusesMethodsAndHeadersNotConfigured() {
    OriginCheck ok = safelist.check("https://shop.example.com");
    assertThat(cors.preflight(ok, "DELETE", null)).isEmpty();
    assertThat(cors.preflight(ok, "post", null)).isEmpty();
    assertThat(cors.preflight(ok, null, null)).isEmpty();
    assertThat(cors.preflight(ok, "GET", "X-Secret")).isEmpty();
    assertThat(cors.preflight(ok, "GET", "authorization,,")).isEmpty();
    assertThat(cors.preflight(ok, "GET", "x".repeat(5000))).isEmpty();
    assertThat(cors.preflight(ok, "GET", "")).isNotEmpty();
    assertThat(cors.preflight(ok, "GET", " Authorization ")).isNotEmpty();
  }

  @Test
  void credentials_neverWithAStar() {
    CorsHeaders withCredentials = CorsHeaders.builder().allowCredentials().build();
    Map<String, String> h = withCredentials.actualResponse(safelist.check("https://shop.example.com"));
    assertThat(h).containsEntry("Access-Control-Allow-Credentials", "true")
        .containsEntry("Access-Control-Allow-Origin", "https://shop.example.com");
    assertThat(h.values()).doesNotContain("*");
    assertThat(withCredentials.preflight(safelist.check("https://shop.example.com"), "GET", null))
        .containsEntry("Access-Control-Allow-Credentials", "true")
        .containsEntry("Access-Control-Allow-Methods", "GET, POST")
        .containsEntry("Access-Control-Max-Age", "600")
        .doesNotContainKey("Access-Control-Allow-Headers");
  }

  @Test
  void builder_refusesWildcardsAndBadTokens() {
    assertThatThrownBy(() -> CorsHeaders.builder().allowMethods("*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allowMethods must be HTTP tokens (RFC 9110 section 5.6.2), non-empty");
    assertThatThrownBy(() -> CorsHeaders.builder().allowHeaders("X Bad")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CorsHeaders.builder().exposeHeaders()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CorsHeaders.builder().maxAge(Duration.ofHours(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAge must be between PT0S and PT2H, was PT3H");
    assertThatThrownBy(() -> CorsHeaders.builder().allowCredentials().allowCredentials())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CorsHeaders.builder().allowMethods("GET").allowMethods("GET"))
        .isInstanceOf(IllegalStateException.class);
  }
}
