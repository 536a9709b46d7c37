package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void esc_neutralisesMarkupAndQuotes() {
    assertThat(Html.esc("<script>alert('x')</script> & \"q\"")).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    assertThat(Html.esc(null)).isEmpty();
  }

  @Test
  void button_isAPostFormWithTheCsrfFieldAndEscapedValues() {
    String b = Html.button("/keys/revoke", Html.hidden("_csrf", "t"), "Revoke", "small", Html.hidden("id", "\"><x"));
    assertThat(b).startsWith("<form method=\"post\" action=\"/keys/revoke\"").contains("name=\"_csrf\" value=\"t\"")
        .contains("value=\"&quot;&gt;&lt;x\"").doesNotContain("\"><x");
  }

  @Test
  void factors_readAsWords() {
    assertThat(Html.factors(EnumSet.of(AuthFactor.PASSWORD, AuthFactor.MAGIC_LINK))).isEqualTo("password + magic link");
  }
}
