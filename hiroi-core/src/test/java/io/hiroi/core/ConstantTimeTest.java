package io.hiroi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {
  @Test
  void bytes_equalOnlyWhenSameContent() {
    assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
    assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4})).isFalse();
    assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
    assertThat(ConstantTime.equals(new byte[0], new byte[0])).isTrue();
  }

  @Test
  void nulls_equalNothing() {
    assertThat(ConstantTime.equals((byte[]) null, (byte[]) null)).isFalse();
    assertThat(ConstantTime.equals(new byte[0], null)).isFalse();
    assertThat(ConstantTime.equals((CharSequence) null, "a")).isFalse();
    assertThat(ConstantTime.equals("a", (CharSequence) null)).isFalse();
    assertThat(ConstantTime.equals((CharSequence) null, (CharSequence) null)).isFalse();
  }

  @Test
  void strings_compareByUtf16CodeUnits() {
    assertThat(ConstantTime.equals("t\u00f6ken", new StringBuilder("t\u00f6ken"))).isTrue();
    assertThat(ConstantTime.equals("token", "tokeN")).isFalse();
    // Composed and decomposed "\u00f6" are different code units, so different values.
    assertThat(ConstantTime.equals("t\u00f6ken", "to\u0308ken")).isFalse();
  }

  @Test
  void strings_neverEqual_whenLengthsDiffer_inEitherDirection() {
    // Review finding: no test caught dropping the length check, which made a prefix equal the
    // whole ("tok" equals "token") and the empty string equal everything.
    assertThat(ConstantTime.equals("tok", "token")).isFalse();
    assertThat(ConstantTime.equals("token", "tok")).isFalse();
    assertThat(ConstantTime.equals("", "a")).isFalse();
    assertThat(ConstantTime.equals("a", "")).isFalse();
    assertThat(ConstantTime.equals("token", new StringBuilder("token!"))).isFalse();
    assertThat(ConstantTime.equals(new StringBuilder("token!"), "token")).isFalse();
  }

  @Test
  void strings_neverEqualWhenOnlyUnpairedSurrogatesDiffer() {
    // Review finding: comparing UTF-8 encodings made "tok\uD800" equal "tok?".
    assertThat(ConstantTime.equals("tok\uD800", "tok?")).isFalse();
    assertThat(ConstantTime.equals("\uD800", "\uDC00")).isFalse();
    assertThat(ConstantTime.equals("\uD83D\uDE00", "\uD83D\uDE00")).isTrue();
    assertThat(ConstantTime.equals("", "")).isTrue();
  }
}
