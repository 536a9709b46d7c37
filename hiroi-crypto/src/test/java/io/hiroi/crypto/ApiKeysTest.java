package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  /** Known answers computed independently with Python's big integers and zlib.crc32. */
  private static final String KNOWN_KEY = "hk_test_0Eoh211G4c8wtVWM00my5rsNSFlKgaWqQ4mb8gdEqno2VkdRA";
  private static final String ZERO_KEY = "hk_00000000000000000000000000000000000000000003JN0cb";

  private final KeyRing ring = KeyRing.builder().addKey(1, KeyRingTest.TEST_KEY_1).primary(1).build();
  private final ApiKeys apiKeys = ApiKeys.create(ring, "hk_test");

  @Test
  void format_matchesAnIndependentImplementation() {
    byte[] raw = new byte[32];
    for (int i = 0; i < 32; i++) {
      raw[i] = (byte) (i + 1);
    }
    String body = ApiKeys.base62(raw, 43);
    assertThat("hk_test_" + body + ApiKeys.checksum("hk_test_" + body)).isEqualTo(KNOWN_KEY);
    assertThat(ApiKeys.isWellFormed(KNOWN_KEY)).isTrue();
    assertThat(ApiKeys.isWellFormed(ZERO_KEY)).isTrue();
    byte[] max = new byte[32];
    java.util.Arrays.fill(max, (byte) 0xff);
    assertThat(ApiKeys.base62(max, 43)).isEqualTo("yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp1");
  }

  @Test
  void generate_givesWellFormedDistinctKeys() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      ApiKey key = apiKeys.generate();
      assertThat(key.reveal()).matches("hk_test_[0-9A-Za-z]{49}");
      assertThat(apiKeys.parse(key.reveal()).isValid()).isTrue();
      seen.add(key.reveal());
    }
    assertThat(seen).hasSize(500);
  }

  @Test
  void parse_rejectsTyposWithoutALookup() {
    String key = apiKeys.generate().reveal();
    for (int i = 8; i < key.length(); i++) {
      char c = key.charAt(i);
      char typo = c == 'a' ? 'b' : 'a';
      String changed = key.substring(0, i) + typo + key.substring(i + 1);
      ApiKeyCheck check = apiKeys.parse(changed);
      assertThat(check.isValid()).as("position %d", i).isFalse();
    }
    // Swapping two adjacent distinct characters is caught by the checksum. (Not at the first two
    // characters of the body: a swap there can push the value past 256 bits, which is MALFORMED.)
    int at = 30;
    while (key.charAt(at) == key.charAt(at + 1)) {
      at++;
    }
    String swapped = key.substring(0, at) + key.charAt(at + 1) + key.charAt(at) + key.substring(at + 2);
    assertThat(apiKeys.parse(swapped).failure()).contains(ApiKeyCheck.Failure.BAD_CHECKSUM);
  }

  @Test
  void parse_reasons() {
    assertThat(apiKeys.parse(KNOWN_KEY).isValid()).isTrue();
    assertThat(apiKeys.parse(ZERO_KEY).failure()).contains(ApiKeyCheck.Failure.WRONG_PREFIX);
    String[] malformed = {
      "", "hk_test_", "hk_test", "_" + KNOWN_KEY.substring(8), KNOWN_KEY + "0",
      KNOWN_KEY.replace('0', '-'), "HK_TEST" + KNOWN_KEY.substring(7), "hk test_" + KNOWN_KEY.substring(8),
      KNOWN_KEY.substring(0, 8) + "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" + "000000",
      "a".repeat(25) + "_" + KNOWN_KEY.substring(8), " " + KNOWN_KEY, KNOWN_KEY + "\n",
    };
    for (String m : malformed) {
      assertThat(apiKeys.parse(m).failure()).as(m).contains(ApiKeyCheck.Failure.MALFORMED);
      assertThat(ApiKeys.isWellFormed(m)).isFalse();
    }
    String badChecksum = KNOWN_KEY.substring(0, KNOWN_KEY.length() - 1) + "B";
    assertThat(apiKeys.parse(badChecksum).failure()).contains(ApiKeyCheck.Failure.BAD_CHECKSUM);
    // A dropped first character leaves a well-formed prefix ("k_test"): the checksum catches it.
    assertThat(apiKeys.parse(KNOWN_KEY.substring(1)).failure()).contains(ApiKeyCheck.Failure.BAD_CHECKSUM);
    assertThat(ApiKeys.isWellFormed(null)).isFalse();
  }

  @Test
  void parse_rejectsBodiesAbove256Bits_evenWithAValidChecksum() {
    String body = "z".repeat(43);
    String key = "hk_test_" + body;
    assertThat(apiKeys.parse(key + ApiKeys.checksum(key)).failure()).contains(ApiKeyCheck.Failure.MALFORMED);
  }

  @Test
  void hash_isHmacSha256UnderThePurposeKey_checkedWithTheJdk() throws Exception {
    ApiKey key = apiKeys.parse(KNOWN_KEY).key();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(ring.deriveKey("hiroi-apikey-v1", 1).toByteArray(), "HmacSHA256"));
    String expected = "1:" + HexFormat.of().formatHex(mac.doFinal(KNOWN_KEY.getBytes(StandardCharsets.US_ASCII)));
    assertThat(apiKeys.hash(key)).isEqualTo(expected);
    assertThat(apiKeys.verify(key, expected)).isTrue();
    assertThat(apiKeys.verify(apiKeys.generate(), expected)).isFalse();
  }

  @Test
  void rotation_lookupHashesFindOldRows_verifyHonoursTheStoredKeyId() {
    ApiKey key = apiKeys.generate();
    String storedUnderKey1 = apiKeys.hash(key);
    KeyRing rotated = ring.toBuilder().addKey(2, KeyRingTest.TEST_KEY_2).primary(2).build();
    ApiKeys after = ApiKeys.create(rotated, "hk_test");
    assertThat(after.hash(key)).startsWith("2:").isNotEqualTo(storedUnderKey1);
    assertThat(after.lookupHashes(key)).containsExactly(after.hash(key), storedUnderKey1);
    assertThat(after.verify(key, storedUnderKey1)).isTrue();
    ApiKeys retired = ApiKeys.create(KeyRing.builder().addKey(2, KeyRingTest.TEST_KEY_2).primary(2).build(), "hk_test");
    assertThat(retired.verify(key, storedUnderKey1)).isFalse();
    assertThat(retired.verify(key, "9999999999:" + "0".repeat(64))).isFalse();
  }

  @Test
  void verify_rejectsMalformedStoredHashes() {
    ApiKey key = apiKeys.generate();
    for (String bad : new String[] {"", "1:", "1:" + "A".repeat(64), "01:" + "0".repeat(64), "-1:" + "0".repeat(64), "1:" + "0".repeat(63)}) {
      assertThatThrownBy(() -> apiKeys.verify(key, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stored API key hash must be <kid>:<64 lower-case hex digits>");
    }
  }

  @Test
  void keysNeverPrint() {
    ApiKey key = apiKeys.generate();
    assertThat(key.toString()).isEqualTo("[redacted]");
    assertThat(apiKeys.parse(key.reveal()).toString()).isEqualTo("ApiKeyCheck[valid, key=[redacted]]");
    assertThat(String.valueOf(apiKeys)).isEqualTo("ApiKeys[prefix=hk_test]");
    assertThat(key).isEqualTo(apiKeys.parse(key.reveal()).key()).isNotEqualTo(apiKeys.generate());
    assertThatThrownBy(() -> apiKeys.parse("x").key())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("API key check failed (MALFORMED); check the outcome first");
  }

  @Test
  void create_rejectsBadPrefixes() {
    for (String bad : new String[] {"", "Hk", "1hk", "hk-", "hk_", "_hk", "hk__x", "a".repeat(25), "hk test"}) {
      assertThatThrownBy(() -> ApiKeys.create(ring, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("API key prefix must match [a-z][a-z0-9]*(_[a-z0-9]+)*");
    }
    assertThat(ApiKeys.create(ring, "a".repeat(24)).generate().prefix()).hasSize(24);
  }
}
