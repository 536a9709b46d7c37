package io.hiroi.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathRulesTest {
  private static PathRules<String> rules(String... patternsAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < patternsAndValues.length; i += 2) {
      m.put(patternsAndValues[i], patternsAndValues[i + 1]);
    }
    return PathRules.of(m, "paths");
  }

  @Test
  void exactBeatsPrefix_andTheLongestPrefixWins_onSegmentBoundariesOnly() {
    PathRules<String> r = rules("/*", "all", "/api/*", "api", "/api/admin/*", "admin", "/api/admin/login", "login");
    assertThat(r.match("/", "none")).isEqualTo("all");
    assertThat(r.match("/api", "none")).isEqualTo("api");
    assertThat(r.match("/api/x", "none")).isEqualTo("api");
    assertThat(r.match("/apix", "none")).isEqualTo("all");
    assertThat(r.match("/api/admin", "none")).isEqualTo("admin");
    assertThat(r.match("/api/admin/users", "none")).isEqualTo("admin");
    assertThat(r.match("/api/admin/login", "none")).isEqualTo("login");
    assertThat(r.match("/api/admin/login/x", "none")).isEqualTo("admin");
    PathRules<String> exactOnly = rules("/login", "login");
    assertThat(exactOnly.match("/login", "none")).isEqualTo("login");
    assertThat(exactOnly.match("/login/", "none")).isEqualTo("none");
    assertThat(exactOnly.match("/LOGIN", "none")).isEqualTo("none");
    assertThat(rules().isEmpty()).isTrue();
  }

  @Test
  void badPatterns_areRefused_namingTheSetting() {
    for (String bad : new String[] {"", "api", "//evil", "/a*", "/*/x", "/a/**", "/a?b", "/a#b", "/a\\b", "/a b", "/a\u0000", "/\u00e9"}) {
      assertThatThrownBy(() -> rules(bad, "x")).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("paths must be a path pattern: /exact, /prefix/* or /*, printable ASCII without ? # \\");
    }
  }
}
