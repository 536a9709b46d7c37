package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hiroi.testing.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HkdfTest {
  @Test
  void sha256_matchesRfc5869AppendixA_extractAndExpand() throws Exception {
    JsonNode tests = Vectors.json("rfc/hkdf_sha256_rfc5869.json").get("tests");
    assertThat(tests).hasSize(3);
    for (JsonNode t : tests) {
      byte[] ikm = Vectors.hex(t.get("ikm").asText());
      byte[] salt = Vectors.hex(t.get("salt").asText());
      byte[] info = Vectors.hex(t.get("info").asText());
      int length = t.get("length").asInt();
      // Extract, checked on its own with the JDK's HMAC (an empty salt is 32 zero bytes).
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
      assertThat(HexFormat.of().formatHex(mac.doFinal(ikm))).isEqualTo(t.get("prk").asText());
      assertThat(HexFormat.of().formatHex(Hkdf.sha256(ikm, salt, info, length)))
          .as("okm of %s", t.path("tcId").asText(t.path("name").asText()))
          .isEqualTo(t.get("okm").asText());
    }
  }

  @Test
  void sha256_passesEveryWycheproofCase() {
    JsonNode root = Vectors.json("wycheproof/hkdf_sha256_test.json");
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        count++;
        String id = "tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
        byte[] ikm = Vectors.hex(t.get("ikm").asText());
        byte[] salt = Vectors.hex(t.get("salt").asText());
        byte[] info = Vectors.hex(t.get("info").asText());
        int size = t.get("size").asInt();
        String result = t.get("result").asText();
        byte[] okm;
        try {
          okm = Hkdf.sha256(ikm, salt, info, size);
        } catch (IllegalArgumentException e) {
          if (!result.equals("invalid")) {
            failures.add(id + ": rejected a " + result + " case: " + e.getMessage());
          }
          continue;
        }
        if (result.equals("invalid")) {
          failures.add(id + ": accepted an invalid case");
        } else if (!Arrays.equals(okm, Vectors.hex(t.get("okm").asText()))) {
          failures.add(id + ": wrong okm");
        }
      }
    }
    assertThat(count).isEqualTo(root.get("numberOfTests").asInt());
    assertThat(failures).isEmpty();
  }

  @Test
  void sha256_rejectsLengthsOutsideRfcRange() {
    assertThatThrownBy(() -> Hkdf.sha256(new byte[32], new byte[0], new byte[0], 8161))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hkdf output length must be between 1 and 8160 bytes, was 8161");
    assertThatThrownBy(() -> Hkdf.sha256(new byte[32], new byte[0], new byte[0], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hkdf output length must be between 1 and 8160 bytes, was 0");
    assertThat(Hkdf.sha256(new byte[32], new byte[0], new byte[0], 8160)).hasSize(8160);
  }
}
