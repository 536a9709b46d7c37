package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the envelope parser with arbitrary bytes and text. Whatever the input, decryption must
 * return a failure value (never throw, never succeed: no input can be authentic without the key),
 * and the real envelope with one fuzzer-chosen change must fail too.
 *
 * <p>Runs in regression mode in {@code mvn verify} (seeds in {@code
 * src/test/resources/io/hiroi/crypto/CredentialCipherFuzzTestInputs}); fuzz for real with {@code
 * JAZZER_FUZZ=1 mvn -pl hiroi-crypto surefire:test@fuzz-regression -Dtest=CredentialCipherFuzzTest}.
 */
class CredentialCipherFuzzTest {
  private static final KeyRing RING = KeyRing.builder().addKey(1, KeyRingTest.TEST_KEY_1).primary(1).build();
  private static final CredentialCipher CIPHER = CredentialCipher.create(RING);
  private static final String CONTEXT = "tenant/1/credential/1";
  private static final byte[] GENUINE = CIPHER.encryptToBytes("fuzz-plaintext".getBytes(StandardCharsets.UTF_8), CONTEXT);

  @FuzzTest(maxDuration = "20s")
  void decrypt_neverThrowsAndNeverAcceptsForgedInput(FuzzedDataProvider data) {
    int mode = data.consumeInt(0, 2);
    if (mode == 0) {
      String text = data.consumeRemainingAsString();
      assertThat(CIPHER.decrypt(text, CONTEXT).isSuccess()).isFalse();
      if (CIPHER.needsRewrap(text)) {
        // Only a well-formed v1 envelope under a key id other than the primary (1) needs a rewrap.
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(text);
        assertThat(bytes.length).isGreaterThanOrEqualTo(33);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isNotEqualTo(1);
      }
    } else if (mode == 1) {
      byte[] bytes = data.consumeRemainingAsBytes();
      assertThat(CIPHER.decrypt(bytes, CONTEXT).isSuccess()).isFalse();
    } else {
      byte[] changed = GENUINE.clone();
      int position = data.consumeInt(0, changed.length - 1);
      byte xor = data.consumeByte();
      if (xor == 0) {
        xor = 1;
      }
      changed[position] ^= xor;
      assertThat(CIPHER.decrypt(changed, CONTEXT).isSuccess()).isFalse();
    }
  }
}
