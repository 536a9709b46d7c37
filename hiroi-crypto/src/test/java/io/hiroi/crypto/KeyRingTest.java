package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.internal.Hkdf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
  /** Throwaway test keys: obviously not secrets. */
  static final byte[] TEST_KEY_1 = filled(0x11);

  static final byte[] TEST_KEY_2 = filled(0x22);

  static byte[] filled(int value) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) value);
    return key;
  }

  static String json(int primary, int kid, byte[] secret) {
    return "{\"primary\": " + primary + ", \"keys\": [{\"kid\": " + kid + ", \"secret\": \""
        + Base64.getEncoder().encodeToString(secret) + "\"}]}";
  }

  @Test
  void deriveKey_isHkdfSha256OfTheMasterWithEmptySaltAndPurposeAsInfo() {
    KeyRing ring = KeyRing.builder().addKey(7, TEST_KEY_1).primary(7).build();
    byte[] expected =
        Hkdf.sha256(TEST_KEY_1, new byte[0], "hiroi-credential-v1".getBytes(StandardCharsets.UTF_8), 32);
    assertThat(ring.deriveKey("hiroi-credential-v1", 7).toByteArray()).isEqualTo(expected);
  }

  @Test
  void deriveKey_knownAnswer_independentOfHkdfClass() throws Exception {
    // HKDF by hand with the JDK's HMAC: PRK = HMAC(zeros32, ikm); OKM = HMAC(PRK, info || 0x01).
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
    byte[] prk = mac.doFinal(TEST_KEY_1);
    mac.init(new javax.crypto.spec.SecretKeySpec(prk, "HmacSHA256"));
    mac.update("hiroi-totp-v1".getBytes(StandardCharsets.US_ASCII));
    byte[] okm = mac.doFinal(new byte[] {1});
    KeyRing ring = KeyRing.builder().addKey(1, TEST_KEY_1).primary(1).build();
    assertThat(HexFormat.of().formatHex(ring.deriveKey("hiroi-totp-v1", 1).toByteArray()))
        .isEqualTo(HexFormat.of().formatHex(okm));
  }

  @Test
  void deriveKey_differsPerPurposeAndPerKeyId() {
    KeyRing ring = KeyRing.builder().addKey(1, TEST_KEY_1).addKey(2, TEST_KEY_2).primary(2).build();
    SecretBytes a = ring.deriveKey("hiroi-credential-v1", 1);
    assertThat(a.equalsConstantTime(ring.deriveKey("hiroi-totp-v1", 1))).isFalse();
    assertThat(a.equalsConstantTime(ring.deriveKey("hiroi-credential-v1", 2))).isFalse();
    assertThat(a.equalsConstantTime(ring.deriveKey("hiroi-credential-v1", 1))).isTrue();
  }

  @Test
  void purposeKeys_areCached_andTheCacheIsBounded() {
    KeyRing ring = KeyRing.builder().addKey(1, TEST_KEY_1).primary(1).build();
    byte[] first = ring.purposeKey("hiroi-credential-v1", 1);
    assertThat(ring.purposeKey("hiroi-credential-v1", 1)).isSameAs(first);
    for (int i = 0; i < KeyRing.MAX_CACHED_PURPOSE_KEYS + 5; i++) {
      ring.purposeKey("hiroi-widget-session-v1:w" + i, 1);
    }
    assertThat(ring.cachedPurposeKeyCount()).isLessThanOrEqualTo(KeyRing.MAX_CACHED_PURPOSE_KEYS);
    assertThat(ring.purposeKey("hiroi-credential-v1", 1)).isEqualTo(first);
  }

  @Test
  void deriveKey_rejectsUnknownKeyIdAndBadPurposes() {
    KeyRing ring = KeyRing.builder().addKey(1, TEST_KEY_1).primary(1).build();
    assertThatThrownBy(() -> ring.deriveKey("p", 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id 9 is not in the key ring");
    assertThatThrownBy(() -> ring.deriveKey("", 1))
        .hasMessage("purpose must be 1 to 256 printable ASCII characters without spaces (length was 0)");
    assertThatThrownBy(() -> ring.deriveKey("has space", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ring.deriveKey("caf\u00e9", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ring.deriveKey("x".repeat(257), 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builder_rejectsShortKeys_duplicateIds_negativeIds_missingPrimary() {
    assertThatThrownBy(() -> KeyRing.builder().addKey(1, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("master secret of key id 1 must be at least 32 bytes, was 31");
    assertThatThrownBy(() -> KeyRing.builder().addKey(1, TEST_KEY_1).addKey(1, TEST_KEY_2))
        .hasMessage("key id 1 appears more than once in the key ring");
    assertThatThrownBy(() -> KeyRing.builder().addKey(-1, TEST_KEY_1))
        .hasMessage("key id must be between 0 and 2147483647, was -1");
    assertThatThrownBy(() -> KeyRing.builder().build())
        .hasMessage("key ring has no keys; hiroi has no built-in key, configure at least one");
    assertThatThrownBy(() -> KeyRing.builder().addKey(1, TEST_KEY_1).build())
        .hasMessage("key ring has no primary key id");
    assertThatThrownBy(() -> KeyRing.builder().addKey(1, TEST_KEY_1).primary(2).build())
        .hasMessage("primary key id 2 is not in the key ring");
    assertThatThrownBy(() -> KeyRing.builder().primary(1).primary(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("primary key id was already set");
  }

  @Test
  void builder_copiesTheCallersArray() {
    byte[] key = TEST_KEY_1.clone();
    KeyRing ring = KeyRing.builder().addKey(1, key).primary(1).build();
    SecretBytes before = ring.deriveKey("p", 1);
    key[0] ^= 1;
    assertThat(ring.deriveKey("p", 1).equalsConstantTime(before)).isTrue();
  }

  @Test
  void fromJson_readsTheDocumentedFormat_andExportJsonRoundTrips() {
    KeyRing ring =
        KeyRing.fromJson(
            ("{\"primary\": 2, \"keys\": [{\"kid\": 1, \"secret\": \"" + Base64.getEncoder().encodeToString(TEST_KEY_1)
                    + "\"}, {\"kid\": 2, \"secret\": \"" + Base64.getEncoder().encodeToString(TEST_KEY_2) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(ring.primaryKeyId()).isEqualTo(2);
    assertThat(ring.keyIds()).containsExactly(1, 2);
    assertThat(ring.contains(1)).isTrue();
    assertThat(ring.contains(3)).isFalse();
    KeyRing again = KeyRing.fromJson(ring.exportJson());
    assertThat(again.deriveKey("p", 1).equalsConstantTime(ring.deriveKey("p", 1))).isTrue();
    assertThat(again.deriveKey("p", 2).equalsConstantTime(ring.deriveKey("p", 2))).isTrue();
    assertThat(again.primaryKeyId()).isEqualTo(2);
  }

  @Test
  void fromJson_wipesItsThrowawayBuilder_whetherTheRingIsBuiltOrNot() throws Exception {
    // Review finding: fromJson's builder kept unzeroed copies of every master secret.
    KeyRing.Builder built = KeyRing.builder();
    byte[][] held = heldSecrets(built.addKey(9, TEST_KEY_2));
    KeyRing ring = KeyRing.fromJson(json(1, 1, TEST_KEY_1).getBytes(StandardCharsets.UTF_8), built);
    assertThat(ring.keyIds()).containsExactly(1, 9);
    assertThat(ring.deriveKey("p", 1).equalsConstantTime(
        KeyRing.builder().addKey(1, TEST_KEY_1).primary(1).build().deriveKey("p", 1))).isTrue();
    assertThat(built.toString()).isEqualTo("KeyRing.Builder[primary=null, keyIds=[]]");
    assertThat(held[0]).containsOnly(0);

    // A document that fails after a key was read: the key read so far is wiped too.
    KeyRing.Builder failed = KeyRing.builder();
    String noPrimary = "{\"keys\": [{\"kid\": 1, \"secret\": \""
        + Base64.getEncoder().encodeToString(TEST_KEY_1) + "\"}]}";
    assertThatThrownBy(() -> KeyRing.fromJson(noPrimary.getBytes(StandardCharsets.UTF_8), failed))
        .isInstanceOf(KeyRingException.class);
    assertThat(failed.toString()).isEqualTo("KeyRing.Builder[primary=null, keyIds=[]]");
  }

  @Test
  void builderClear_zeroesEveryHeldSecret() throws Exception {
    KeyRing.Builder builder = KeyRing.builder().addKey(1, TEST_KEY_1).addKey(2, TEST_KEY_2).primary(2);
    byte[][] held = heldSecrets(builder);
    assertThat(held[0]).isEqualTo(TEST_KEY_1);
    builder.clear();
    assertThat(held[0]).containsOnly(0);
    assertThat(held[1]).containsOnly(0);
    assertThat(builder.toString()).isEqualTo("KeyRing.Builder[primary=null, keyIds=[]]");
    // The ring built before a clear keeps its own copies.
    KeyRing.Builder again = KeyRing.builder().addKey(1, TEST_KEY_1).primary(1);
    KeyRing ring = again.build();
    again.clear();
    assertThat(ring.deriveKey("p", 1).equalsConstantTime(
        KeyRing.builder().addKey(1, TEST_KEY_1).primary(1).build().deriveKey("p", 1))).isTrue();
  }

  /** The builder's own arrays, in key id order, read by reflection to watch them being zeroed. */
  private static byte[][] heldSecrets(KeyRing.Builder builder) throws Exception {
    java.lang.reflect.Field keys = KeyRing.Builder.class.getDeclaredField("keys");
    keys.setAccessible(true);
    return ((java.util.Map<?, ?>) keys.get(builder)).values().toArray(new byte[0][]);
  }

  @Test
  void fromJson_rejectsEveryBrokenDocument_withoutEchoingSecrets() {
    String shortSecret = Base64.getEncoder().encodeToString(new byte[16]);
    String good = Base64.getEncoder().encodeToString(TEST_KEY_1);
    String[][] cases = {
      {"not json", "key ring JSON is invalid: invalid literal at offset 0"}, {"[1]", "key ring JSON is invalid: expected an object at offset 0"},
      {"{\"primary\": 1}", "key ring JSON is invalid: \"keys\" must be an array"},
      {"{\"primary\": 1, \"keys\": []}", "key ring has no keys; hiroi has no built-in key, configure at least one"},
      {"{\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"" + shortSecret + "\"}]}",
        "master secret of key id 1 must be at least 32 bytes, was 16"},
      {"{\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"!!\"}]}",
        "key ring JSON is invalid: secret of key id 1 is not base64"},
      {"{\"primary\": 2, \"keys\": [{\"kid\": 1, \"secret\": \"" + good + "\"}]}", "primary key id 2 is not in the key ring"},
      {"{\"keys\": [{\"kid\": 1, \"secret\": \"" + good + "\"}]}", "key ring JSON is invalid: \"primary\" must be an integer key id"},
      {"{\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"" + good + "\"}, {\"kid\": 1, \"secret\": \"" + good + "\"}]}",
        "key id 1 appears more than once in the key ring"},
      {"{\"primary\": 1, \"keys\": [{\"kid\": -4, \"secret\": \"" + good + "\"}]}", "key id must be between 0 and 2147483647, was -4"},
      {"{\"primary\": 1, \"keys\": [{\"kid\": 4294967296, \"secret\": \"" + good + "\"}]}",
        "key id must be between 0 and 2147483647, was 4294967296"},
      {"{\"primary\": 1, \"keys\": [{\"kid\": \"1\", \"secret\": \"" + good + "\"}]}",
        "key ring JSON is invalid: each key must be {\"kid\": <integer>, \"secret\": <base64>}"},
      {"{\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"" + good + "\", \"x\": 1}]}",
        "key ring JSON is invalid: each key must be {\"kid\": <integer>, \"secret\": <base64>}"},
      {"{\"primery\": 1, \"keys\": []}", "key ring JSON is invalid: unknown member (only primary and keys)"},
      {"{\"primary\": 1, \"keys\": [1]}", "key ring JSON is invalid: each key must be an object"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> KeyRing.fromJson(c[0].getBytes(StandardCharsets.UTF_8)))
          .as(c[0])
          .isInstanceOf(KeyRingException.class)
          .hasMessage(c[1])
          .hasMessageNotContaining(good);
    }
  }

  @Test
  void fromFile_readsAMountedSecret(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keyring.json");
    Files.writeString(file, json(3, 3, TEST_KEY_2));
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // fine on non-POSIX file systems
    }
    KeyRing ring = KeyRing.fromFile(file);
    assertThat(ring.primaryKeyId()).isEqualTo(3);
    assertThat(ring.deriveKey("p", 3).equalsConstantTime(KeyRing.builder().addKey(3, TEST_KEY_2).primary(3).build().deriveKey("p", 3)))
        .isTrue();
  }

  @Test
  void fromFile_failsClearlyWhenMissing(@TempDir Path dir) {
    Path missing = dir.resolve("absent.json");
    assertThatThrownBy(() -> KeyRing.fromFile(missing))
        .isInstanceOf(KeyRingException.class)
        .hasMessage("cannot read key ring file " + missing)
        .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void fromEnvironment_readsBase64OfTheJson_andFailsClosedWhenUnset() {
    String value = Base64.getEncoder().encodeToString(json(1, 1, TEST_KEY_1).getBytes(StandardCharsets.UTF_8));
    assertThat(KeyRing.fromEnvironmentValue("HIROI_KEYRING", value).primaryKeyId()).isEqualTo(1);
    assertThatThrownBy(() -> KeyRing.fromEnvironmentValue("HIROI_KEYRING", null))
        .isInstanceOf(KeyRingException.class)
        .hasMessage("environment variable HIROI_KEYRING is not set or empty; hiroi has no default key");
    assertThatThrownBy(() -> KeyRing.fromEnvironmentValue("HIROI_KEYRING", "  "))
        .isInstanceOf(KeyRingException.class);
    assertThatThrownBy(() -> KeyRing.fromEnvironmentValue("HIROI_KEYRING", "{not base64}"))
        .hasMessage("environment variable HIROI_KEYRING must hold the key ring JSON in base64");
    assertThatThrownBy(() -> KeyRing.fromEnvironment("HIROI_TEST_SURELY_UNSET_VARIABLE_42"))
        .isInstanceOf(KeyRingException.class);
  }

  @Test
  void toBuilder_rotatesToANewPrimary_keepingOldKeys() {
    KeyRing old = KeyRing.builder().addKey(1, TEST_KEY_1).primary(1).build();
    KeyRing.Builder b = old.toBuilder();
    int next = b.nextKeyId();
    KeyRing rotated = b.addGeneratedKey(next).primary(next).build();
    assertThat(next).isEqualTo(2);
    assertThat(rotated.keyIds()).containsExactly(1, 2);
    assertThat(rotated.primaryKeyId()).isEqualTo(2);
    assertThat(rotated.deriveKey("p", 1).equalsConstantTime(old.deriveKey("p", 1))).isTrue();
    assertThat(old.keyIds()).containsExactly(1);
  }

  @Test
  void addGeneratedKey_drawsDistinctRandomSecrets() {
    KeyRing a = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    KeyRing b = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    assertThat(a.deriveKey("p", 1).equalsConstantTime(b.deriveKey("p", 1))).isFalse();
  }

  @Test
  void toString_namesIdsOnly() {
    KeyRing ring = KeyRing.builder().addKey(1, TEST_KEY_1).addKey(5, TEST_KEY_2).primary(5).build();
    assertThat(ring.toString()).isEqualTo("KeyRing[primary=5, keyIds=[1, 5]]");
    assertThat(ring.toBuilder().toString()).isEqualTo("KeyRing.Builder[primary=5, keyIds=[1, 5]]");
  }

  @Test
  void exportPurposeKey_givesWidgetAndHostKeys_refusesHiroiInternalOnes() {
    KeyRing ring = KeyRing.builder().addKey(1, TEST_KEY_1).primary(1).build();
    assertThat(ring.exportPurposeKey("hiroi-widget-session-v1:w42", 1).equalsConstantTime(
        ring.deriveKey("hiroi-widget-session-v1:w42", 1))).isTrue();
    assertThat(ring.exportPurposeKey("acme-webhook-signing-v1", 1).length()).isEqualTo(32);
    for (String internal : new String[] {"hiroi-credential-v1", "hiroi-totp-v1", "hiroi-apikey-v1",
        "hiroi-audit-chain-v1", "hiroi-oauth-state-v1", "hiroi-service-token-v1", "hiroi-anything"}) {
      assertThatThrownBy(() -> ring.exportPurposeKey(internal, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("purpose key " + internal + " is internal to hiroi and cannot be exported");
    }
  }
}
