package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {
  @Test
  void roundTrips_everyLength_andAgreesWithTheJdk() {
    Random random = new Random(42);
    for (int n = 0; n < 70; n++) {
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      String text = Base64Url.encode(bytes);
      assertThat(text).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      assertThat(Base64Url.decode(text)).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"AAA=", "AA==", "A", "AAAAA", "AA+A", "AA/A", "AA A", "AA\nA", "AB", "AAB", "\u00e9AAA", "AA.A"})
  void decode_rejectsNonCanonicalText(String text) {
    assertThat(Base64Url.decode(text)).isNull();
  }

  @Test
  void decode_ofARange() {
    assertThat(Base64Url.decode("xxAQIDyy", 2, 6)).containsExactly(1, 2, 3);
  }
}
