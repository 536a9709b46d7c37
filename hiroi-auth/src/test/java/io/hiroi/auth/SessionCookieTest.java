package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionCookieTest {
  private static final String TOKEN = "s1.ab12.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  @Test
  void setCookie_hasEverySecureAttribute_andNoDomain() {
    SessionCookie cookie = SessionCookie.builder().build();
    assertThat(cookie.name()).isEqualTo("__Host-session");
    assertThat(cookie.setCookie(TOKEN)).isEqualTo("__Host-session=" + TOKEN + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(cookie.setCookie(TOKEN)).doesNotContainIgnoringCase("domain");
    assertThat(cookie.clearCookie()).isEqualTo("__Host-session=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void options_nameStrictAndMaxAge() {
    SessionCookie cookie =
        SessionCookie.builder().name("app").sameSite(SessionCookie.SameSite.STRICT).maxAge(Duration.ofHours(8)).build();
    assertThat(cookie.setCookie(TOKEN)).isEqualTo("__Host-app=" + TOKEN + "; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Strict");
    assertThat(cookie.toString()).doesNotContain(TOKEN);
  }

  @Test
  void setCookie_refusesAValueThatCouldInjectAttributes() {
    SessionCookie cookie = SessionCookie.builder().build();
    for (String bad : new String[] {"", "a;Domain=evil", "a b", "a\r\nSet-Cookie: x", "a,b", "\"a\""}) {
      assertThatThrownBy(() -> cookie.setCookie(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain(bad.isEmpty() ? "\u0000" : bad);
    }
  }

  @Test
  void builder_rejectsBadOptions() {
    assertThatThrownBy(() -> SessionCookie.builder().name("a;b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cookie name must be 1 to 64 of A-Z a-z 0-9 _ -, was a name of 3 characters");
    assertThatThrownBy(() -> SessionCookie.builder().maxAge(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionCookie.builder().maxAge(Duration.ofDays(401))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionCookie.builder().name("a").name("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set");
  }

  @Test
  void read_findsTheTokenAmongOtherCookies() {
    SessionCookie cookie = SessionCookie.builder().build();
    assertThat(cookie.read("theme=dark; __Host-session=" + TOKEN + "; lang=en")).contains(TOKEN);
    assertThat(cookie.read("__Host-session=" + TOKEN)).contains(TOKEN);
    assertThat(cookie.read(" __Host-session = " + TOKEN + " ")).contains(TOKEN);
  }

  @Test
  void read_returnsNothing_whenAbsentEmptyDuplicatedOrOdd() {
    SessionCookie cookie = SessionCookie.builder().build();
    assertThat(cookie.read(null)).isEmpty();
    assertThat(cookie.read("")).isEmpty();
    assertThat(cookie.read("session=" + TOKEN)).isEmpty();
    assertThat(cookie.read("__Host-session=")).isEmpty();
    assertThat(cookie.read("__Host-session=" + TOKEN + "; __Host-session=" + TOKEN)).isEmpty();
    assertThat(cookie.read("__Host-session=\"" + TOKEN + "\"")).isEmpty();
    assertThat(cookie.read("x__Host-session=" + TOKEN)).isEmpty();
    assertThat(cookie.read(";;;=;__Host-session")).isEmpty();
  }
}
