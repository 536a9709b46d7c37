package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.auth.ReturnUrlPolicy.Rejection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReturnUrlPolicyTest {
  private final ReturnUrlPolicy policy = ReturnUrlPolicy.sameOrigin();

  /** Hostile return URLs (open redirects, script URLs, traversal, encoding tricks) and why each fails. */
  private static Map<String, Rejection> hostile() {
    Map<String, Rejection> m = new LinkedHashMap<>();
    m.put("", Rejection.EMPTY);
    m.put("https://evil.example/", Rejection.NOT_A_PATH);
    m.put("http://evil.example", Rejection.NOT_A_PATH);
    m.put("HTTPS://evil.example", Rejection.NOT_A_PATH);
    m.put("javascript:alert(1)", Rejection.NOT_A_PATH);
    m.put("JaVaScRiPt:alert(1)", Rejection.NOT_A_PATH);
    m.put(" javascript:alert(1)", Rejection.NOT_A_PATH);
    m.put("data:text/html,<script>alert(1)</script>", Rejection.NOT_A_PATH);
    m.put("vbscript:msgbox(1)", Rejection.NOT_A_PATH);
    m.put("evil.example", Rejection.NOT_A_PATH);
    m.put("@evil.example", Rejection.NOT_A_PATH);
    m.put("\\\\evil.example", Rejection.NOT_A_PATH);
    m.put("\\/evil.example", Rejection.NOT_A_PATH);
    m.put(" /settings", Rejection.NOT_A_PATH);
    m.put("\t/settings", Rejection.NOT_A_PATH);
    m.put("//evil.example", Rejection.PROTOCOL_RELATIVE);
    m.put("//evil.example/path", Rejection.PROTOCOL_RELATIVE);
    m.put("///evil.example", Rejection.PROTOCOL_RELATIVE);
    m.put("/\\evil.example", Rejection.PROTOCOL_RELATIVE);
    m.put("/\\/evil.example", Rejection.PROTOCOL_RELATIVE);
    m.put("/path\\..\\..\\etc", Rejection.FORBIDDEN_CHARACTER);
    m.put("/\t/evil.example", Rejection.FORBIDDEN_CHARACTER);
    m.put("/\n/evil.example", Rejection.FORBIDDEN_CHARACTER);
    m.put("/\r\nSet-Cookie:x=1", Rejection.FORBIDDEN_CHARACTER);
    m.put("/a\u0000b", Rejection.FORBIDDEN_CHARACTER);
    m.put("/a\u007fb", Rejection.FORBIDDEN_CHARACTER);
    m.put("/a b", Rejection.FORBIDDEN_CHARACTER);
    m.put("/\u3002evil.example", Rejection.FORBIDDEN_CHARACTER);
    m.put("/\uff0f\uff0fevil.example", Rejection.FORBIDDEN_CHARACTER);
    m.put("/\u2028", Rejection.FORBIDDEN_CHARACTER);
    m.put("/<script>", Rejection.FORBIDDEN_CHARACTER);
    m.put("/\"onmouseover=\"x", Rejection.FORBIDDEN_CHARACTER);
    m.put("/a`b", Rejection.FORBIDDEN_CHARACTER);
    m.put("/%2f%2fevil.example", Rejection.ENCODED_SEPARATOR);
    m.put("/login?next=%2F%2Fevil.example", Rejection.ENCODED_SEPARATOR);
    m.put("/%2F%2Fevil.example", Rejection.ENCODED_SEPARATOR);
    m.put("/%5cevil.example", Rejection.ENCODED_SEPARATOR);
    m.put("/%5C%5Cevil.example", Rejection.ENCODED_SEPARATOR);
    m.put("/%2e%2e/admin", Rejection.ENCODED_SEPARATOR);
    m.put("/.%2e/admin", Rejection.ENCODED_SEPARATOR);
    m.put("/%2E./admin", Rejection.ENCODED_SEPARATOR);
    m.put("/%252f%252fevil.example", Rejection.ENCODED_SEPARATOR);
    m.put("/%25%32%66", Rejection.ENCODED_SEPARATOR);
    m.put("/%09/evil.example", Rejection.ENCODED_SEPARATOR);
    m.put("/%0d%0aSet-Cookie:x", Rejection.ENCODED_SEPARATOR);
    m.put("/%00", Rejection.ENCODED_SEPARATOR);
    m.put("/%7f", Rejection.ENCODED_SEPARATOR);
    m.put("/%c0%af", Rejection.BAD_ENCODING);
    m.put("/%c0%ae%c0%ae/", Rejection.BAD_ENCODING);
    m.put("/%e0%80%af", Rejection.BAD_ENCODING);
    m.put("/%ff", Rejection.BAD_ENCODING);
    m.put("/%", Rejection.BAD_ENCODING);
    m.put("/%2", Rejection.BAD_ENCODING);
    m.put("/%zz", Rejection.BAD_ENCODING);
    m.put("/%c3", Rejection.BAD_ENCODING);
    m.put("/../admin", Rejection.TRAVERSAL);
    m.put("/a/../../admin", Rejection.TRAVERSAL);
    m.put("/a/..", Rejection.TRAVERSAL);
    m.put("/./admin", Rejection.TRAVERSAL);
    m.put("/..;/admin", Rejection.TRAVERSAL);
    m.put("/a/..;jsessionid=1/b", Rejection.TRAVERSAL);
    m.put("/.", Rejection.TRAVERSAL);
    m.put("/" + "a".repeat(ReturnUrlPolicy.MAX_LENGTH), Rejection.TOO_LONG);
    return m;
  }

  @Test
  void hostileValues_areRefused_eachForItsReason() {
    Map<String, Rejection> table = hostile();
    assertThat(table).hasSizeGreaterThanOrEqualTo(40);
    List<String> wrong = new ArrayList<>();
    table.forEach(
        (url, reason) -> {
          Rejection got = policy.rejection(url);
          if (got != reason || policy.check(url).isPresent()) {
            wrong.add(url.length() > 60 ? url.substring(0, 60) + "..." : url + " -> " + got + " (expected " + reason + ")");
          }
        });
    assertThat(wrong).isEmpty();
    assertThat(policy.rejection(null)).isEqualTo(Rejection.EMPTY);
  }

  @Test
  void safePaths_areAcceptedUnchanged() {
    for (String url :
        List.of(
            "/",
            "/settings",
            "/settings/integrations?tab=linkedin&x=1#top",
            "/a/b/c/",
            "/caf%C3%A9",
            "/%E5%90%8D%E5%89%8D",
            "/search?next=https://evil.example",
            "/a/.hidden/b",
            "/a/...",
            "/a/b..c",
            "/a;b=c",
            "/~user/@me",
            "/" + "a".repeat(ReturnUrlPolicy.MAX_LENGTH - 1))) {
      assertThat(policy.rejection(url)).as(url.length() > 60 ? "long" : url).isNull();
      assertThat(policy.check(url)).contains(url);
    }
  }

  @Test
  void prefixes_limitThePaths() {
    ReturnUrlPolicy under = ReturnUrlPolicy.sameOriginUnder("/app/", "/settings/");
    assertThat(under.check("/app/x")).isPresent();
    assertThat(under.check("/app")).isPresent();
    assertThat(under.check("/settings/a?b=c")).isPresent();
    assertThat(under.rejection("/application")).isEqualTo(Rejection.OUTSIDE_ALLOWED_PATHS);
    assertThat(under.rejection("/admin")).isEqualTo(Rejection.OUTSIDE_ALLOWED_PATHS);
    assertThat(under.rejection("/?/app/")).isEqualTo(Rejection.OUTSIDE_ALLOWED_PATHS);
    assertThat(under.rejection("/app/../admin")).isEqualTo(Rejection.TRAVERSAL);
    assertThat(under.rejection("//app/")).isEqualTo(Rejection.PROTOCOL_RELATIVE);
    assertThat(under.toString()).isEqualTo("ReturnUrlPolicy[sameOrigin, under [/app/, /settings/]]");
  }

  @Test
  void badPrefixes_areRejected() {
    assertThatThrownBy(() -> ReturnUrlPolicy.sameOriginUnder()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReturnUrlPolicy.sameOriginUnder("/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix must be a safe path ending with /, was a prefix of 4 characters");
    assertThatThrownBy(() -> ReturnUrlPolicy.sameOriginUnder("//evil/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReturnUrlPolicy.sameOriginUnder("/a?b/")).isInstanceOf(IllegalArgumentException.class);
  }
}
