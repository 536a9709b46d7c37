package io.hiroi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final byte[] TEST_KEY = "throwaway-test-key-0123456789abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @Test
  void toString_isRedacted() {
    SecretBytes secret = SecretBytes.copyOf(TEST_KEY);
    assertThat(secret.toString()).isEqualTo("[redacted]");
    assertThat(String.valueOf(secret)).doesNotContain("throwaway");
  }

  @Test
  void copyOf_copiesInput_soLaterChangesToTheCallersArrayDoNotLeakIn() {
    byte[] input = TEST_KEY.clone();
    SecretBytes secret = SecretBytes.copyOf(input);
    input[0] ^= 1;
    assertThat(secret.toByteArray()).isEqualTo(TEST_KEY);
  }

  @Test
  void toByteArray_returnsAFreshCopyEachTime() {
    SecretBytes secret = SecretBytes.copyOf(TEST_KEY);
    byte[] first = secret.toByteArray();
    first[0] ^= 1;
    assertThat(secret.toByteArray()).isEqualTo(TEST_KEY).isNotSameAs(secret.toByteArray());
  }

  @Test
  void destroy_zeroesAndRefusesLaterAccess() {
    SecretBytes secret = SecretBytes.copyOf(TEST_KEY);
    secret.destroy();
    assertThat(secret.isDestroyed()).isTrue();
    assertThatThrownBy(secret::toByteArray)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret was destroyed");
    assertThat(secret.length()).isEqualTo(TEST_KEY.length);
  }

  @Test
  void toByteArray_zeroesItsCopy_whenDestroyedWhileCopying() {
    // Review finding: a destroy() between the two checks threw away the fresh copy unzeroed.
    // handOut is the step after the copy; a destroy that lands just before it must zero the copy.
    SecretBytes secret = SecretBytes.copyOf(TEST_KEY);
    byte[] copy = TEST_KEY.clone();
    secret.destroy();
    assertThatThrownBy(() -> secret.handOut(copy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret was destroyed");
    assertThat(copy).containsOnly(0);
    // Not destroyed: the copy is handed out untouched.
    byte[] live = TEST_KEY.clone();
    assertThat(SecretBytes.copyOf(TEST_KEY).handOut(live)).isSameAs(live).isEqualTo(TEST_KEY);
  }

  @Test
  void destroy_refusesComparisons_butStillAnswersLengthAndToString() {
    SecretBytes secret = SecretBytes.copyOf(TEST_KEY);
    SecretBytes other = SecretBytes.copyOf(TEST_KEY);
    secret.destroy();
    assertThatThrownBy(() -> secret.equalsConstantTime(other))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret was destroyed");
    assertThatThrownBy(() -> other.equalsConstantTime(secret))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret was destroyed");
    assertThat(secret.length()).isEqualTo(TEST_KEY.length);
    assertThat(secret.toString()).isEqualTo("[redacted]");
  }

  @Test
  void equalsConstantTime_comparesContents_equalsIsIdentity() {
    SecretBytes a = SecretBytes.copyOf(TEST_KEY);
    SecretBytes b = SecretBytes.copyOf(TEST_KEY);
    byte[] other = TEST_KEY.clone();
    other[31] ^= 1;
    assertThat(a.equalsConstantTime(b)).isTrue();
    assertThat(a.equalsConstantTime(SecretBytes.copyOf(other))).isFalse();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void random_drawsTheRequestedLength_andRejectsNonPositive() {
    SecretBytes r = SecretBytes.random(32, new SecureRandom());
    assertThat(r.length()).isEqualTo(32);
    assertThat(r.equalsConstantTime(SecretBytes.random(32, new SecureRandom()))).isFalse();
    assertThatThrownBy(() -> SecretBytes.random(0, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret length must be at least 1 byte, was 0");
  }

  @Test
  void copyOf_rejectsNull() {
    assertThatThrownBy(() -> SecretBytes.copyOf(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("bytes");
  }
}
