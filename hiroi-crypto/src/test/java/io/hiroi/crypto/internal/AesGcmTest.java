package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hiroi.testing.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class AesGcmTest {
  /**
   * Walks every Wycheproof AES-GCM case. Cases with hiroi's parameters (256-bit key, 96-bit IV,
   * 128-bit tag) must give exactly the expected result, valid or invalid; cases with any other
   * parameters must fail to construct or be refused, since hiroi supports nothing else.
   */
  @Test
  void wycheproof_everyCase() {
    JsonNode root = Vectors.json("wycheproof/aes_gcm_test.json");
    List<String> failures = new ArrayList<>();
    int run = 0;
    int supported = 0;
    for (JsonNode group : root.get("testGroups")) {
      int keySize = group.get("keySize").asInt();
      int ivSize = group.get("ivSize").asInt();
      int tagSize = group.get("tagSize").asInt();
      for (JsonNode t : group.get("tests")) {
        run++;
        String id = "tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
        byte[] key = Vectors.hex(t.get("key").asText());
        byte[] iv = Vectors.hex(t.get("iv").asText());
        byte[] aad = Vectors.hex(t.get("aad").asText());
        byte[] msg = Vectors.hex(t.get("msg").asText());
        byte[] ct = Vectors.hex(t.get("ct").asText());
        byte[] tag = Vectors.hex(t.get("tag").asText());
        String result = t.get("result").asText();
        if (keySize != 256 || ivSize != 96 || tagSize != 128) {
          if (key.length != 32) {
            try {
              new AesGcm(key);
              failures.add(id + ": constructed with a " + keySize + "-bit key");
            } catch (IllegalArgumentException expected) {
              // unsupported parameters fail to construct
            }
          }
          // A 256-bit key with another IV size cannot be expressed: the IV length is fixed at 12.
          continue;
        }
        supported++;
        AesGcm gcm = new AesGcm(key);
        byte[] sealedInput = concat(ct, tag);
        try {
          byte[] opened = gcm.open(iv, 0, aad, sealedInput, 0, sealedInput.length);
          if (result.equals("invalid")) {
            failures.add(id + ": decrypted an invalid case");
          } else if (!Arrays.equals(opened, msg)) {
            failures.add(id + ": wrong plaintext");
          }
        } catch (AEADBadTagException e) {
          if (result.equals("valid")) {
            failures.add(id + ": rejected a valid case");
          }
        }
        if (result.equals("valid")) {
          byte[] out = new byte[msg.length + AesGcm.TAG_BYTES];
          gcm.seal(iv, 0, aad, msg, out, 0);
          if (!Arrays.equals(out, sealedInput)) {
            failures.add(id + ": wrong ciphertext or tag");
          }
        }
      }
    }
    assertThat(run).isEqualTo(root.get("numberOfTests").asInt());
    assertThat(supported).as("cases with 256-bit key, 96-bit IV, 128-bit tag").isGreaterThanOrEqualTo(66);
    assertThat(failures).isEmpty();
  }

  @Test
  void seal_withAssociatedData_matchesTheJdk() throws Exception {
    AesGcm gcm = new AesGcm(new byte[32]);
    byte[] iv = new byte[12];
    byte[] msg = "credential".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] split = new byte[msg.length + 16];
    gcm.seal(iv, 0, new byte[] {1, 2, 3, 4, 5}, msg, split, 0);
    javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, iv));
    jdk.updateAAD(new byte[] {1, 2, 3, 4, 5});
    assertThat(split).isEqualTo(jdk.doFinal(msg));
  }

  @Test
  void constructor_rejectsOtherKeySizes() {
    for (int size : new int[] {0, 16, 24, 31, 33, 64}) {
      assertThatThrownBy(() -> new AesGcm(new byte[size]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("AES-256-GCM key must be 32 bytes, was " + size);
    }
  }

  @Test
  void open_rejectsInputShorterThanTheTag() {
    AesGcm gcm = new AesGcm(new byte[32]);
    assertThatThrownBy(() -> gcm.open(new byte[12], 0, new byte[0], new byte[15], 0, 15))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void scratchCalls_readOnlyTheFirstAadLengthBytes_ofTheThreadsArray_checkedWithTheJdk() throws Exception {
    AesGcm gcm = new AesGcm(new byte[32]);
    AesGcm.Scratch scratch = AesGcm.scratch();
    byte[] aad = scratch.associatedData(40);
    Arrays.fill(aad, (byte) 0x55); // what an earlier, longer call would have left behind
    System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, aad, 0, 5);
    byte[] iv = new byte[12];
    iv[0] = 7;
    byte[] msg = "credential".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] sealed = new byte[msg.length + 16];
    gcm.seal(scratch, iv, 0, 5, msg, sealed, 0);
    javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, iv));
    jdk.updateAAD(new byte[] {1, 2, 3, 4, 5});
    assertThat(sealed).isEqualTo(jdk.doFinal(msg));
    assertThat(gcm.open(scratch, iv, 0, 5, sealed, 0, sealed.length)).isEqualTo(msg);
    assertThatThrownBy(() -> gcm.open(scratch, iv, 0, 6, sealed, 0, sealed.length))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void scratch_isOnePerThread_andItsArraysGrowToTheLengthAsked() throws Exception {
    AesGcm.Scratch mine = AesGcm.scratch();
    assertThat(AesGcm.scratch()).isSameAs(mine);
    assertThat(mine.associatedData(5 + 3 * 1024)).hasSizeGreaterThanOrEqualTo(5 + 3 * 1024);
    assertThat(mine.chars(1024).length).isGreaterThanOrEqualTo(1024);
    java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      assertThat(other.submit(AesGcm::scratch).get()).isNotSameAs(mine);
    } finally {
      other.shutdownNow();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
