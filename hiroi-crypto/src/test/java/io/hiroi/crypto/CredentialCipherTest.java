package io.hiroi.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
  private static final String CONTEXT = "tenant/42/credential/7/linkedin";
  private static final byte[] SECRET = "oauth-token-for-tests-only".getBytes(UTF_8);

  private final KeyRing ring = KeyRing.builder().addKey(1, KeyRingTest.TEST_KEY_1).primary(1).build();
  private final CredentialCipher cipher = CredentialCipher.create(ring);

  @Test
  void roundTrip_textAndBinary() {
    String envelope = cipher.encrypt(SECRET, CONTEXT);
    try (Decryption d = cipher.decrypt(envelope, CONTEXT)) {
      assertThat(d.isSuccess()).isTrue();
      assertThat(d.plaintext()).isEqualTo(SECRET);
    }
    byte[] bytes = cipher.encryptToBytes(SECRET, CONTEXT);
    assertThat(cipher.decrypt(bytes, CONTEXT).plaintext()).isEqualTo(SECRET);
    assertThat(cipher.decrypt(cipher.encrypt(new byte[0], CONTEXT), CONTEXT).plaintext()).isEmpty();
  }

  @Test
  void envelope_hasTheDocumentedLayout_checkedWithTheRawJdkCipher() throws Exception {
    byte[] envelope = Base64.getUrlDecoder().decode(cipher.encrypt(SECRET, CONTEXT));
    assertThat(envelope).hasSize(1 + 4 + 12 + SECRET.length + 16);
    assertThat(envelope[0]).isEqualTo((byte) 0x01);
    assertThat(ByteBuffer.wrap(envelope, 1, 4).getInt()).isEqualTo(1);
    // Decrypt independently: key = HKDF purpose key, AAD = first 5 bytes || context.
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(ring.deriveKey("hiroi-credential-v1", 1).toByteArray(), "AES"),
        new GCMParameterSpec(128, envelope, 5, 12));
    jdk.updateAAD(envelope, 0, 5);
    jdk.updateAAD(CONTEXT.getBytes(UTF_8));
    assertThat(jdk.doFinal(envelope, 17, envelope.length - 17)).isEqualTo(SECRET);
  }

  @Test
  void decrypt_readsAnEnvelopeBuiltByTheRawJdkCipher() throws Exception {
    byte[] header = {0x01, 0, 0, 0, 1};
    byte[] iv = new byte[12];
    iv[11] = 9;
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(ring.deriveKey("hiroi-credential-v1", 1).toByteArray(), "AES"),
        new GCMParameterSpec(128, iv));
    jdk.updateAAD(header);
    jdk.updateAAD(CONTEXT.getBytes(UTF_8));
    byte[] sealed = jdk.doFinal(SECRET);
    byte[] envelope = ByteBuffer.allocate(17 + sealed.length).put(header).put(iv).put(sealed).array();
    assertThat(cipher.decrypt(Base64.getUrlEncoder().withoutPadding().encodeToString(envelope), CONTEXT).plaintext())
        .isEqualTo(SECRET);
  }

  @Test
  void encrypt_drawsAFreshIvEachTime() {
    Set<String> ivs = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      byte[] envelope = cipher.encryptToBytes(SECRET, CONTEXT);
      ivs.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(envelope, 5, 17)));
    }
    assertThat(ivs).hasSize(200);
  }

  @Test
  void decrypt_fails_whenContextDiffers() {
    String envelope = cipher.encrypt(SECRET, CONTEXT);
    assertFailure(cipher.decrypt(envelope, "tenant/42/credential/8/linkedin"), DecryptFailure.AUTHENTICATION_FAILED);
    assertFailure(cipher.decrypt(envelope, CONTEXT + " "), DecryptFailure.AUTHENTICATION_FAILED);
  }

  @Test
  void decrypt_fails_whenPurposeDiffers() {
    String envelope = cipher.encrypt(SECRET, CONTEXT);
    CredentialCipher totp = CredentialCipher.builder(ring).purpose("hiroi-totp-v1").build();
    assertFailure(totp.decrypt(envelope, CONTEXT), DecryptFailure.AUTHENTICATION_FAILED);
  }

  @Test
  void decrypt_fails_underAnotherKeyRingWithTheSameKeyId() {
    KeyRing other = KeyRing.builder().addKey(1, KeyRingTest.TEST_KEY_2).primary(1).build();
    assertFailure(CredentialCipher.create(other).decrypt(cipher.encrypt(SECRET, CONTEXT), CONTEXT),
        DecryptFailure.AUTHENTICATION_FAILED);
  }

  @Test
  void decrypt_fails_forAFlippedBitAnywhere() {
    byte[] envelope = cipher.encryptToBytes(SECRET, CONTEXT);
    for (int i = 0; i < envelope.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] changed = envelope.clone();
        changed[i] ^= (byte) (1 << bit);
        try (Decryption d = cipher.decrypt(changed, CONTEXT)) {
          assertThat(d.isSuccess()).as("byte %d bit %d", i, bit).isFalse();
          DecryptFailure expected =
              i == 0 ? DecryptFailure.UNSUPPORTED_VERSION
                  : i <= 4 ? DecryptFailure.UNKNOWN_KEY : DecryptFailure.AUTHENTICATION_FAILED;
          assertThat(d.failure()).as("byte %d bit %d", i, bit).contains(expected);
        }
      }
    }
  }

  @Test
  void decrypt_fails_whenTruncatedAtEveryLength_orExtended() {
    byte[] envelope = cipher.encryptToBytes(SECRET, CONTEXT);
    for (int length = 0; length < envelope.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(envelope, length);
      DecryptFailure expected = length < 33 ? DecryptFailure.MALFORMED : DecryptFailure.AUTHENTICATION_FAILED;
      assertFailure(cipher.decrypt(truncated, CONTEXT), expected);
      assertFailure(cipher.decrypt(Base64.getUrlEncoder().withoutPadding().encodeToString(truncated), CONTEXT), expected);
    }
    byte[] extended = java.util.Arrays.copyOf(envelope, envelope.length + 1);
    assertFailure(cipher.decrypt(extended, CONTEXT), DecryptFailure.AUTHENTICATION_FAILED);
  }

  @Test
  void decrypt_fails_forWrongVersionByte_andUnknownKeyId() {
    byte[] envelope = cipher.encryptToBytes(SECRET, CONTEXT);
    for (int version : new int[] {0x00, 0x02, 0xff}) {
      byte[] changed = envelope.clone();
      changed[0] = (byte) version;
      assertFailure(cipher.decrypt(changed, CONTEXT), DecryptFailure.UNSUPPORTED_VERSION);
    }
    byte[] unknown = envelope.clone();
    unknown[4] = 2;
    assertFailure(cipher.decrypt(unknown, CONTEXT), DecryptFailure.UNKNOWN_KEY);
    byte[] negative = envelope.clone();
    negative[1] = (byte) 0x80;
    assertFailure(cipher.decrypt(negative, CONTEXT), DecryptFailure.UNKNOWN_KEY);
  }

  @Test
  void decrypt_fails_forBase64Garbage() {
    String envelope = cipher.encrypt(SECRET, CONTEXT);
    List<String> garbage = new ArrayList<>(List.of(
        "", "=", "!!!!", envelope + "=", envelope + "==", " " + envelope, envelope + "\n",
        envelope.replace('-', '+').replace('_', '/') + "+/", envelope.substring(0, envelope.length() - 1) + "*",
        "\u00e9" + envelope.substring(1)));
    garbage.add(Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(envelope)) + "+");
    for (String g : garbage) {
      assertFailure(cipher.decrypt(g, CONTEXT), DecryptFailure.MALFORMED);
    }
  }

  @Test
  void decrypt_rejectsOversizedInputBeforeWork() {
    CredentialCipher small = CredentialCipher.builder(ring).maxPlaintextBytes(16).build();
    assertThatThrownBy(() -> small.encrypt(new byte[17], CONTEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plaintext must be at most 16 bytes, was 17");
    String big = cipher.encrypt(new byte[17], CONTEXT);
    assertFailure(small.decrypt(big, CONTEXT), DecryptFailure.MALFORMED);
    assertFailure(small.decrypt("A".repeat(10_000_000), CONTEXT), DecryptFailure.MALFORMED);
  }

  @Test
  void rotation_oldEnvelopesDecrypt_rewrapMovesThemToThePrimary() {
    String old = cipher.encrypt(SECRET, CONTEXT);
    KeyRing rotated = ring.toBuilder().addKey(2, KeyRingTest.TEST_KEY_2).primary(2).build();
    CredentialCipher newCipher = CredentialCipher.create(rotated);
    assertThat(newCipher.decrypt(old, CONTEXT).plaintext()).isEqualTo(SECRET);
    assertThat(newCipher.needsRewrap(old)).isTrue();

    Rewrap rewrap = newCipher.rewrap(old, CONTEXT);
    assertThat(rewrap.isSuccess()).isTrue();
    byte[] rewrapped = Base64.getUrlDecoder().decode(rewrap.envelope());
    assertThat(ByteBuffer.wrap(rewrapped, 1, 4).getInt()).isEqualTo(2);
    assertThat(newCipher.needsRewrap(rewrap.envelope())).isFalse();
    assertThat(newCipher.decrypt(rewrap.envelope(), CONTEXT).plaintext()).isEqualTo(SECRET);

    // Once key 1 leaves the ring, the old envelope is unreadable, the rewrapped one still works.
    KeyRing retired = KeyRing.builder().addKey(2, KeyRingTest.TEST_KEY_2).primary(2).build();
    CredentialCipher retiredCipher = CredentialCipher.create(retired);
    assertFailure(retiredCipher.decrypt(old, CONTEXT), DecryptFailure.UNKNOWN_KEY);
    assertThat(retiredCipher.decrypt(rewrap.envelope(), CONTEXT).plaintext()).isEqualTo(SECRET);
  }

  @Test
  void rewrap_reportsFailure_andNeedsRewrapIsFalseForGarbage() {
    Rewrap failed = cipher.rewrap(cipher.encrypt(SECRET, CONTEXT), "other");
    assertThat(failed.isSuccess()).isFalse();
    assertThat(failed.failure()).contains(DecryptFailure.AUTHENTICATION_FAILED);
    assertThatThrownBy(failed::envelope).isInstanceOf(IllegalStateException.class);
    assertThat(cipher.needsRewrap("garbage!")).isFalse();
    assertThat(cipher.needsRewrap("")).isFalse();
  }

  @Test
  void misuse_emptyOrLongContext_nulls_purposeTwice() {
    assertThatThrownBy(() -> cipher.encrypt(SECRET, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("context must be 1 to 1024 characters, was 0");
    assertThatThrownBy(() -> cipher.decrypt("x", "c".repeat(1025)))
        .hasMessage("context must be 1 to 1024 characters, was 1025");
    assertThatThrownBy(() -> cipher.encrypt(null, CONTEXT)).isInstanceOf(NullPointerException.class).hasMessage("plaintext");
    assertThatThrownBy(() -> CredentialCipher.builder(ring).purpose("a").purpose("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("purpose was already set");
    assertThatThrownBy(() -> CredentialCipher.builder(ring).maxPlaintextBytes(0))
        .hasMessage("maxPlaintextBytes must be between 1 and 67108864, was 0");
  }

  @Test
  void failures_releaseNoPlaintext_andPrintNothingSecret() {
    Decryption failed = cipher.decrypt(cipher.encrypt(SECRET, CONTEXT), "other");
    assertThatThrownBy(failed::plaintext)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("decryption failed (AUTHENTICATION_FAILED); check the outcome first");
    assertThat(failed.toString()).isEqualTo("Decryption[failure=AUTHENTICATION_FAILED]");
    Decryption ok = cipher.decrypt(cipher.encrypt(SECRET, CONTEXT), CONTEXT);
    assertThat(ok.toString()).doesNotContain("oauth").isEqualTo("Decryption[success, plaintext=[redacted]]");
    assertThat(cipher.toString()).isEqualTo("CredentialCipher[purpose=hiroi-credential-v1, KeyRing[primary=1, keyIds=[1]]]");
  }

  @Test
  void close_zeroesThePlaintext() {
    Decryption d = cipher.decrypt(cipher.encrypt(SECRET, CONTEXT), CONTEXT);
    byte[] plaintext = d.plaintext();
    d.close();
    assertThat(plaintext).containsOnly(0);
  }

  @Test
  void concurrentUse_givesKnownAnswers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            byte[] message = ("thread-" + thread + "-message-" + i).getBytes(UTF_8);
            String context = "tenant/" + thread + "/credential/" + i;
            String envelope = cipher.encrypt(message, context);
            try (Decryption d = cipher.decrypt(envelope, context)) {
              if (!java.util.Arrays.equals(d.plaintext(), message)) {
                return false;
              }
            }
            if (cipher.decrypt(envelope, context + "x").isSuccess()) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertFailure(Decryption decryption, DecryptFailure expected) {
    assertThat(decryption.isSuccess()).isFalse();
    assertThat(decryption.failure()).contains(expected);
  }

  @Test
  void contextsWithUnpairedSurrogates_areRefused_soTwoContextsNeverShareOneAad() {
    // Review finding: getBytes(UTF_8) turns "\uD800" into "?", so "a?b" and "a\uD800b" collided.
    String envelope = cipher.encrypt(SECRET, "tenant/42/name/a?b");
    assertThatThrownBy(() -> cipher.decrypt(envelope, "tenant/42/name/a\uD800b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("context must be well-formed UTF-16 (it holds an unpaired surrogate)");
    assertThatThrownBy(() -> cipher.encrypt(SECRET, "a\uDC00"))
        .hasMessage("context must be well-formed UTF-16 (it holds an unpaired surrogate)");
    assertThat(cipher.decrypt(cipher.encrypt(SECRET, "emoji \uD83D\uDE00"), "emoji \uD83D\uDE00").isSuccess()).isTrue();
  }

  @Test
  void builder_refusesPurposesReservedForHmacKeys() {
    for (String hmac : new String[] {"hiroi-apikey-v1", "hiroi-audit-chain-v1", "hiroi-oauth-state-v1",
        "hiroi-service-token-v1", "hiroi-widget-session-v1:w1", "hiroi-audit-head-v1",
        "hiroi-audit-subject-lookup-v1", "hiroi-new-device-v1"}) {
      assertThatThrownBy(() -> CredentialCipher.builder(ring).purpose(hmac))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("purpose " + hmac + " is reserved for hiroi's HMAC keys; use a purpose of its own");
    }
    assertThat(CredentialCipher.builder(ring).purpose("hiroi-totp-v1").build().purpose()).isEqualTo("hiroi-totp-v1");
    assertThat(CredentialCipher.builder(ring).purpose("hiroi-audit-subject-v1").build().purpose()).isEqualTo("hiroi-audit-subject-v1");
  }

  @Test
  void nonAsciiContext_isBoundAsItsUtf8Bytes_checkedWithTheRawJdkCipher() throws Exception {
    String context = "tenant/m\u00fcller/credential/\uD83D\uDCAC";
    byte[] envelope = cipher.encryptToBytes(SECRET, context);
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(ring.deriveKey("hiroi-credential-v1", 1).toByteArray(), "AES"),
        new GCMParameterSpec(128, envelope, 5, 12));
    jdk.updateAAD(envelope, 0, 5);
    jdk.updateAAD(context.getBytes(UTF_8));
    assertThat(jdk.doFinal(envelope, 17, envelope.length - 17)).isEqualTo(SECRET);
  }

  @Test
  void associatedData_fromTheReusedThreadBuffer_isExactlyThisCallsContext_checkedWithTheRawJdkCipher() throws Exception {
    // The thread's associated-data buffer keeps longer contexts' bytes behind a shorter one: each
    // envelope must still be bound to exactly 5 header bytes || UTF-8 of its own context.
    String[] contexts = {
      "\u20ac".repeat(1024), "a".repeat(1024), CONTEXT, "t/\u00fc", "x", "\uD83D\uDCAC".repeat(512), "tenant/1"};
    for (String context : contexts) {
      byte[] envelope = cipher.encryptToBytes(SECRET, context);
      assertThat(openWithTheJdk(envelope, context)).as("context of %d chars", context.length()).isEqualTo(SECRET);
      assertThat(cipher.decrypt(envelope, context).plaintext()).isEqualTo(SECRET);
      assertThat(cipher.decrypt(envelope, context.equals("x") ? "y" : "x").failure()).contains(DecryptFailure.AUTHENTICATION_FAILED);
    }
  }

  @Test
  void contextsWhoseCharactersShareALowByte_areDifferentContexts_checkedWithTheRawJdkCipher() throws Exception {
    // The ASCII path narrows each char to a byte: U+0141 narrows to 'A' (0x41) and U+0100 to 0x00,
    // U+00C1 to 0xC1. Each context must be bound as its own UTF-8 and never open another's envelope.
    String[] contexts = {"tenant/A", "tenant/\u0141", "tenant/\u00c1", "tenant/\u0100A", "tenant/\u00ff", "tenant/\u007f"};
    for (String context : contexts) {
      byte[] envelope = cipher.encryptToBytes(SECRET, context);
      assertThat(openWithTheJdk(envelope, context)).as(context).isEqualTo(SECRET);
      for (String other : contexts) {
        try (Decryption d = cipher.decrypt(envelope, other)) {
          if (other.equals(context)) {
            assertThat(d.plaintext()).as(context).isEqualTo(SECRET);
          } else {
            assertThat(d.failure()).as(context + " opened as " + other).contains(DecryptFailure.AUTHENTICATION_FAILED);
          }
        }
      }
    }
  }

  /** Opens an envelope with the raw JDK cipher: key of kid 1, IV at 5, AAD = header || UTF-8(context). */
  private byte[] openWithTheJdk(byte[] envelope, String context) throws Exception {
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    SecretKeySpec key = new SecretKeySpec(ring.deriveKey("hiroi-credential-v1", 1).toByteArray(), "AES");
    jdk.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, envelope, 5, 12));
    jdk.updateAAD(envelope, 0, 5);
    jdk.updateAAD(context.getBytes(UTF_8));
    return jdk.doFinal(envelope, 17, envelope.length - 17);
  }
}
