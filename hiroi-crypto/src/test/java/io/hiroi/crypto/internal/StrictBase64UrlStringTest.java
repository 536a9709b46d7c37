package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictBase64UrlStringTest {
  @Test
  void roundTrips_everyLength_andAgreesWithTheJdk() {
    Random random = new Random(42);
    for (int n = 0; n < 70; n++) {
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      String text = StrictBase64Url.encode(bytes);
      assertThat(text).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      assertThat(StrictBase64Url.decode(text)).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"AAA=", "AA==", "A", "AAAAA", "AA+A", "AA/A", "AA A", "AA\nA", "AB", "AAB", "\u00e9AAA", "AA.A"})
  void decode_rejectsNonCanonicalText(String text) {
    assertThat(StrictBase64Url.decode(text)).isNull();
  }

  @Test
  void decode_ofAString_rejectsNonAsciiThatWouldNarrowIntoTheAlphabet() {
    assertThat(StrictBase64Url.decode("AQID")).containsExactly(1, 2, 3);
    // U+0141 narrows to 0x41 ('A') as a byte: it must be refused, not read as "A".
    assertThat(StrictBase64Url.decode("\u0141QID")).isNull();
  }
}
