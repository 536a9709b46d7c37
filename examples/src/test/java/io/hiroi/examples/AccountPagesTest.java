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
  void sessionNames_tellBrowsersApart() {
    assertThat(SessionPages.describe("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36"))
        .isEqualTo("Headless Chrome on Linux");
    assertThat(SessionPages.describe("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/130.0")).isEqualTo("Firefox on macOS");
    assertThat(SessionPages.describe("")).isEqualTo("Unknown client");
    assertThat(SessionPages.describe("curl/8.0")).isEqualTo("Other client");
  }
}
