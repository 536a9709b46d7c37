package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CookiesTest {
  @Test
  void read_findsTheNamedCookie() {
    assertThat(Cookies.read("a=1; __Host-presession=abc_-9; b=2", "__Host-presession")).hasValue("abc_-9");
    assertThat(Cookies.read("__Host-signin=p1.abc_-9", "__Host-signin")).as("SignInChallenges tokens have a dot").hasValue("p1.abc_-9");
  }

  @Test
  void read_refusesATossedDuplicate_anEmptyOrOddValue_andNoHeader() {
    assertThat(Cookies.read("x=1; x=2", "x")).isEmpty();
    assertThat(Cookies.read("x=", "x")).isEmpty();
    assertThat(Cookies.read("x=a\"b", "x")).isEmpty();
    assertThat(Cookies.read("xx=1", "x")).isEmpty();
    assertThat(Cookies.read(null, "x")).isEmpty();
  }
}
