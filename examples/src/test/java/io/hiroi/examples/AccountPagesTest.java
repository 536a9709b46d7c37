package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountPagesTest {
  @Test
  void plausibleEmail_acceptsAddresses_andRefusesTheObviouslyWrong() {
    assertThat(AccountPages.plausibleEmail("a@example.com")).isTrue();
    assertThat(AccountPages.plausibleEmail("")).isFalse();
    assertThat(AccountPages.plausibleEmail("no-at-sign")).isFalse();
    assertThat(AccountPages.plausibleEmail("@example.com")).isFalse();
    assertThat(AccountPages.plausibleEmail("a@")).isFalse();
    assertThat(AccountPages.plausibleEmail("a@b@c")).isFalse();
    assertThat(AccountPages.plausibleEmail("a b@example.com")).isFalse();
    assertThat(AccountPages.plausibleEmail("<a>@example.com")).isFalse();
    assertThat(AccountPages.plausibleEmail("a@" + "x".repeat(260))).isFalse();
  }

  @Test
  void newPasswords_areCheckedAsTheHasherAndTheResetServiceCount() {
    io.hiroi.crypto.PasswordHasher hasher = io.hiroi.crypto.PasswordHasher.defaults();
    int max = hasher.maxPasswordBytes();
    assertThat(AccountPages.newPasswordProblem("correct horse", max)).isEmpty();
    assertThat(AccountPages.newPasswordProblem("short", max)).contains("at least 10 characters");
    // 10 emoji are 10 characters (20 UTF-16 units), 9 are too few: code points, as PasswordResetService counts.
    assertThat(AccountPages.newPasswordProblem("\uD83D\uDE00".repeat(10), max)).isEmpty();
    assertThat(AccountPages.newPasswordProblem("\uD83D\uDE00".repeat(9), max)).contains("at least");
    // 100 x "€" is 100 characters but 300 UTF-8 bytes: over the hasher's limit, which throws on it.
    String euros = "€".repeat(max / 3 + 1);
    assertThat(AccountPages.newPasswordProblem(euros, max)).contains("at most");
    assertThat(AccountPages.newPasswordProblem("a".repeat(AccountPages.MAX_PASSWORD_LENGTH + 1), max)).contains("at most");
    assertThat(AccountPages.newPasswordProblem("a".repeat(AccountPages.MAX_PASSWORD_LENGTH), max)).isEmpty();
    String lone = "password12\uD800";
    assertThat(AccountPages.newPasswordProblem(lone, max)).contains("unpaired surrogate");
    assertThat(AccountPages.newPasswordProblem("\uDC00password12", max)).contains("unpaired surrogate");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> hasher.hash(lone.toCharArray()))
        .as("what the check saves the page from").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void utf8Length_isTheEncodedSize() {
    for (String s : new String[] {"", "abc", "é", "€", "\uD83D\uDE00", "a€\uD83D\uDE00é"}) {
      assertThat(AccountPages.utf8Length(s)).as(s).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
    assertThat(AccountPages.utf8Length("\uD800x")).isEqualTo(-1);
  }

  @Test
  void sessionNames_tellBrowsersApart() {
    assertThat(SessionPages.describe("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36"))
        .isEqualTo("Headless Chrome on Linux");
    assertThat(SessionPages.describe("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/130.0")).isEqualTo("Firefox on macOS");
    assertThat(SessionPages.describe("")).isEqualTo("Unknown client");
    assertThat(SessionPages.describe("curl/8.0")).isEqualTo("Other client");
  }
}
