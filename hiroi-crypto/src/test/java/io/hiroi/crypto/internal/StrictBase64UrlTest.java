package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictBase64UrlTest {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void encodeAndDecode_matchTheJdkUrlCodecWithoutPadding_forEveryLengthUpTo200() {
    Random random = new Random(42);
    for (int length = 0; length <= 200; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String jdk = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      assertThat(StrictBase64Url.encode(bytes)).as("length %d", length).isEqualTo(jdk);
      assertThat(StrictBase64Url.encodedLength(length)).isEqualTo(jdk.length());
      assertThat(StrictBase64Url.decodedLength(jdk.length())).isEqualTo(length);
      byte[] text = ascii("xx" + jdk + "yy");
      assertThat(StrictBase64Url.isCanonical(text, 2, 2 + jdk.length())).isTrue();
      assertThat(StrictBase64Url.decode(text, 2, 2 + jdk.length())).isEqualTo(bytes);
      byte[] out = new byte[length + 3];
      assertThat(StrictBase64Url.decode(text, 2, 2 + jdk.length(), out, 1)).isEqualTo(length);
      byte[] shifted = new byte[length];
      System.arraycopy(out, 1, shifted, 0, length);
      assertThat(shifted).isEqualTo(bytes);
      byte[] checked = new byte[length + 3];
      assertThat(StrictBase64Url.decodeCanonical(text, 2, 2 + jdk.length(), checked, 1)).isTrue();
      assertThat(checked).isEqualTo(out);
      byte[] encoded = new byte[jdk.length() + 4];
      assertThat(StrictBase64Url.encode(bytes, encoded, 4)).isEqualTo(encoded.length);
      assertThat(new String(encoded, 4, jdk.length(), StandardCharsets.US_ASCII)).isEqualTo(jdk);
    }
  }

  @Test
  void everyByteOutsideTheAlphabet_hasNoValue_andIsRejectedAnywhereInARange() {
    for (int b = 0; b < 256; b++) {
      int expected = ALPHABET.indexOf((char) b);
      assertThat(StrictBase64Url.value((byte) b)).as("byte %d", b).isEqualTo(expected);
      if (expected < 0) {
        for (int position = 0; position < 8; position++) {
          byte[] text = ascii("AAAAAAAA");
          text[position] = (byte) b;
          assertThat(StrictBase64Url.decode(text, 0, 8)).as("byte %d at %d", b, position).isNull();
          assertThat(StrictBase64Url.isCanonical(text, 0, 8)).isFalse();
          assertThat(StrictBase64Url.decodeCanonical(text, 0, 8, new byte[6], 0)).isFalse();
          // The signature's length, 43 characters: a full run of quads and a 3-character end.
          byte[] signature = ascii("A".repeat(43));
          signature[position * 5] = (byte) b;
          assertThat(StrictBase64Url.decodeCanonical(signature, 0, 43, new byte[32], 0)).as("byte %d", b).isFalse();
        }
      }
    }
  }

  @Test
  void onlyTheCanonicalLastCharacter_isAccepted_thoughTheJdkDecodesTheOthers() {
    for (String prefix : new String[] {"QQ", "QUI"}) { // "A" and "AB": 2 and 3 characters
      int unusedMask = prefix.length() == 2 ? 0x0f : 0x03;
      int accepted = 0;
      for (int v = 0; v < 64; v++) {
        String text = prefix.substring(0, prefix.length() - 1) + ALPHABET.charAt(v);
        byte[] strict = StrictBase64Url.decode(ascii(text), 0, text.length());
        if ((v & unusedMask) == 0) {
          assertThat(strict).as(text).isEqualTo(Base64.getUrlDecoder().decode(text));
          accepted++;
          assertThat(StrictBase64Url.decodeCanonical(ascii(text), 0, text.length(), new byte[2], 0)).isTrue();
        } else {
          assertThat(strict).as(text).isNull();
          assertThat(StrictBase64Url.decodeCanonical(ascii(text), 0, text.length(), new byte[2], 0)).isFalse();
          assertThat(StrictBase64Url.hasCanonicalEnd(ascii(text), 0, text.length())).isFalse();
        }
      }
      assertThat(accepted).isEqualTo(prefix.length() == 2 ? 4 : 16);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "AAAAA", "QQ==", "QQ=", "QUI=", "QQ==QQ", "+/8", "Q Q", "QQ\n", " QQ", "QUJD\r\n"})
  void paddingWhitespaceStandardAlphabetAnd4nPlus1Lengths_areRejected(String text) {
    assertThat(StrictBase64Url.decode(ascii(text), 0, text.length())).isNull();
    assertThat(StrictBase64Url.isCanonical(ascii(text), 0, text.length())).isFalse();
    assertThat(StrictBase64Url.decodeCanonical(ascii(text), 0, text.length(), new byte[8], 0)).isFalse();
  }

  @Test
  void theEmptyRange_isTheEmptyByteString() {
    assertThat(StrictBase64Url.decode(new byte[0], 0, 0)).isEmpty();
    assertThat(StrictBase64Url.isCanonical(new byte[0], 0, 0)).isTrue();
    assertThat(StrictBase64Url.encode(new byte[0])).isEmpty();
  }
}
