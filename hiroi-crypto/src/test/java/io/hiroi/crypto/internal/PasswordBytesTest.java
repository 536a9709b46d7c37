package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PasswordBytesTest {
  @Test
  void encodeUtf8_equalsJdkEncoding_forWellFormedText() {
    Random random = new Random(20261123L); // reproducible inputs, not a secret
    for (int n = 0; n < 2000; n++) {
      StringBuilder text = new StringBuilder();
      int codePoints = random.nextInt(12);
      for (int i = 0; i < codePoints; i++) {
        int cp;
        switch (random.nextInt(5)) {
          case 0:
            cp = random.nextInt(0x80);
            break;
          case 1:
            cp = 0x80 + random.nextInt(0x800 - 0x80);
            break;
          case 2:
            cp = 0x800 + random.nextInt(0xD800 - 0x800);
            break;
          case 3:
            cp = 0xE000 + random.nextInt(0x10000 - 0xE000);
            break;
          default:
            cp = 0x10000 + random.nextInt(0x110000 - 0x10000);
        }
        text.appendCodePoint(cp);
      }
      byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
      long length = PasswordBytes.utf8Length(text);
      assertThat(length).as("length of %s", text).isEqualTo(expected.length);
      CharBuffer chars = CharBuffer.wrap(text.toString().toCharArray());
      assertThat(PasswordBytes.encodeUtf8(chars, expected.length))
          .as("encoding of %s", text)
          .isEqualTo(expected);
    }
  }

  @Test
  void boundaries_encodeLikeTheJdk() {
    for (String text :
        List.of("", "\u0000", "\u007f", "\u0080", "\u07ff", "\u0800", "\ud7ff", "\ue000",
            "\uffff", "\ud800\udc00", "\udbff\udfff")) {
      byte[] expected = text.getBytes(StandardCharsets.UTF_8);
      assertThat(PasswordBytes.utf8Length(text)).isEqualTo(expected.length);
      assertThat(PasswordBytes.encodeUtf8(text, expected.length)).isEqualTo(expected);
    }
  }

  @Test
  void utf8Length_reportsUnpairedSurrogates() {
    for (String text : List.of("\ud800", "\udc00", "a\ud800b", "\udc00\ud800", "\ud800\ud800")) {
      assertThat(PasswordBytes.utf8Length(text)).as(text).isEqualTo(PasswordBytes.MALFORMED);
    }
  }

  @Test
  void encodeUtf8_throws_whenTextChangedSinceItWasMeasured() {
    assertThatThrownBy(() -> PasswordBytes.encodeUtf8("\u00e9\u00e9", 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("password changed while it was encoded; do not share the array");
    assertThatThrownBy(() -> PasswordBytes.encodeUtf8("ab", 3))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PasswordBytes.encodeUtf8("a\ud800", 5))
        .isInstanceOf(IllegalStateException.class);
  }
}
