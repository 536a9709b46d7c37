package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkceTest {
  /** RFC 7636, Appendix B ("Example for the S256 code_challenge_method"). */
  @Test
  void challenge_matchesRfc7636AppendixB() {
    assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(Pkce.METHOD).isEqualTo("S256");
  }

  @Test
  void newVerifiers_areFresh43CharacterVerifiers() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String v = Pkce.newVerifier();
      assertThat(v).matches("[A-Za-z0-9_-]{43}");
      assertThat(Pkce.challenge(v)).hasSize(43);
      assertThat(seen.add(v)).isTrue();
    }
  }

  @Test
  void challenge_refusesVerifiersOutsideRfc7636() {
    for (String bad : new String[] {"", "a".repeat(42), "a".repeat(129), "a".repeat(42) + "+", "a".repeat(42) + "=", "a".repeat(42) + "\u00e9"}) {
      assertThatThrownBy(() -> Pkce.challenge(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("PKCE code verifier must be 43 to 128 of A-Z a-z 0-9 - . _ ~, was " + bad.length() + " characters");
    }
    assertThat(Pkce.challenge("a".repeat(128))).hasSize(43);
    assertThat(Pkce.challenge("a-._~".repeat(9))).hasSize(43);
  }
}
