package io.hiroi.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IoTest {
  private static Io io(String stdin) {
    return new Io(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)),
        new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8),
        new PrintWriter(new StringWriter()));
  }

  private static String text(Io.Input input) {
    return new String(input.bytes(), StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "abc\\n      | abc",
        "abc\\r\\n   | abc",
        "abc         | abc",
        "abc\\n\\n   | abc\\n",
        "abc\\r      | abc\\r",
        "abc\\n\\r\\n | abc\\n",
        "\\n         | ''",
        "\\r\\n      | ''",
        "''          | ''",
        "' abc '     | ' abc '",
      })
  void readText_removesExactlyOneTrailingLineEnd(String in, String expected) throws IOException {
    Io.Input input = io(unescape(in)).readText(100);
    assertThat(input.truncated()).isFalse();
    assertThat(text(input)).isEqualTo(unescape(expected));
  }

  @Test
  void readText_countsTheLimitWithoutTheLineEnd() throws IOException {
    assertThat(io("abc\r\n").readText(3).truncated()).isFalse();
    assertThat(io("abc\n").readText(3).truncated()).isFalse();
    assertThat(io("abcd").readText(3).truncated()).isTrue();
    assertThat(io("abcd\n").readText(3).truncated()).isTrue();
    assertThat(io("abc\n\n").readText(3).truncated()).isTrue();
    assertThat(io("x".repeat(10_000)).readText(3).truncated()).isTrue();
  }

  @Test
  void readBinary_keepsEveryByte_upToTheLimit() throws IOException {
    Io.Input exact = io("ab\r\n").readBinary(4);
    assertThat(exact.truncated()).isFalse();
    assertThat(text(exact)).isEqualTo("ab\r\n");
    Io.Input over = io("ab\r\nx").readBinary(4);
    assertThat(over.truncated()).isTrue();
    assertThat(over.bytes()).hasSize(4);
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n");
  }
}
