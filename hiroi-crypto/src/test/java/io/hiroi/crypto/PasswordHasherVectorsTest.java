package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hiroi.crypto.internal.Argon2id;
import io.hiroi.crypto.internal.PhcString;
import io.hiroi.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Argon2id known answers from {@code rfc/argon2id.json} in the shared vectors folder: RFC 9106
 * section 5.3 (with secret and associated data) at the raw layer, and the eight argon2id v=19
 * cases of the reference implementation's {@code src/test.c} both at the raw layer and through
 * {@link PasswordHasher#verify(String, CharSequence)}. The m=262144 case needs 256 MiB of heap.
 */
class PasswordHasherVectorsTest {
  private static final String FILE = "rfc/argon2id.json";

  /** Defaults, with the verify ceiling raised to admit the reference's 256 MiB case. */
  private static final PasswordHasher HASHER =
      PasswordHasher.builder().maxVerifyMemoryKiB(262144).build();

  @Test
  void rfc9106_tag_matches_withSecretAndAssociatedData() {
    JsonNode tests = Vectors.json(FILE).path("rfc9106").path("tests");
    assertThat(tests.size()).isEqualTo(1);
    for (JsonNode v : tests) {
      assertThat(v.path("type").asText()).isEqualTo("argon2id");
      assertThat(v.path("version").asInt()).isEqualTo(19);
      byte[] tag =
          Argon2id.compute(
              Vectors.hex(v.path("password").asText()),
              Vectors.hex(v.path("salt").asText()),
              Vectors.hex(v.path("secret").asText()),
              Vectors.hex(v.path("associatedData").asText()),
              v.path("memoryKiB").asInt(),
              v.path("iterations").asInt(),
              v.path("parallelism").asInt(),
              v.path("tagLength").asInt());
      assertThat(tag)
          .as("tcId %d", v.path("tcId").asInt())
          .isEqualTo(Vectors.hex(v.path("tag").asText()));
    }
  }

  @Test
  void rfc9106_tag_differs_whenSecretIsLeftOut() {
    // The secret input K is what a pepper is: leaving it out must change the tag.
    JsonNode v = Vectors.json(FILE).path("rfc9106").path("tests").get(0);
    byte[] tag =
        Argon2id.compute(
            Vectors.hex(v.path("password").asText()),
            Vectors.hex(v.path("salt").asText()),
            null,
            Vectors.hex(v.path("associatedData").asText()),
            v.path("memoryKiB").asInt(),
            v.path("iterations").asInt(),
            v.path("parallelism").asInt(),
            v.path("tagLength").asInt());
    assertThat(tag).isNotEqualTo(Vectors.hex(v.path("tag").asText()));
  }

  @Test
  void phcReference_rawHashAndEncoding_match_andVerifyAccepts() {
    JsonNode tests = Vectors.json(FILE).path("phcReference").path("tests");
    assertThat(tests.size()).isEqualTo(8);
    List<String> failures = new ArrayList<>();
    for (JsonNode v : tests) {
      int tcId = v.path("tcId").asInt();
      assertThat(v.path("version").asInt()).isEqualTo(19);
      String password = v.path("password").asText();
      byte[] salt = v.path("salt").asText().getBytes(StandardCharsets.US_ASCII);
      int m = v.path("memoryKiB").asInt();
      int t = v.path("iterations").asInt();
      int p = v.path("parallelism").asInt();
      String encoded = v.path("encoded").asText();

      byte[] hash =
          Argon2id.compute(
              password.getBytes(StandardCharsets.US_ASCII),
              salt,
              null,
              null,
              m,
              t,
              p,
              v.path("hashLength").asInt());
      if (!Arrays.equals(Vectors.hex(v.path("hash").asText()), hash)) {
        failures.add("tcId " + tcId + ": raw hash differs");
      }
      if (!PhcString.format(m, t, p, salt, hash).equals(encoded)) {
        failures.add("tcId " + tcId + ": our PHC encoding differs from the reference's");
      }
      if (!HASHER.verify(encoded, password)) {
        failures.add("tcId " + tcId + ": verify rejected the reference's string");
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void phcReference_verify_rejects_otherPasswords() {
    JsonNode tests = Vectors.json(FILE).path("phcReference").path("tests");
    List<String> failures = new ArrayList<>();
    for (JsonNode v : tests) {
      int tcId = v.path("tcId").asInt();
      String password = v.path("password").asText();
      String encoded = v.path("encoded").asText();
      boolean cheap = v.path("memoryKiB").asInt() <= 256;
      // The differentpassword row against "password", as test.c does; every cheap row against a
      // neighbour of its password. (The 64 and 256 MiB rows are not all repeated, to keep the
      // class fast; the cheap rows run the same code.)
      if (tcId == 7 && HASHER.verify(encoded, "password")) {
        failures.add("tcId 7 accepted \"password\"");
      }
      if (cheap) {
        for (String other : List.of("differentpassword", "Password", "password ", "passwor", "")) {
          if (HASHER.verify(encoded, other)) {
            failures.add("tcId " + tcId + " accepted a different password");
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void phcReference_verify_rejects_whenAParameterOfTheStringChanges() {
    // tcId 3 is m=256,t=2,p=1; the same salt and hash under any other m, t or p must not verify,
    // which shows that verify computes with the parameters written in the string.
    JsonNode v = Vectors.json(FILE).path("phcReference").path("tests").get(2);
    assertThat(v.path("tcId").asInt()).isEqualTo(3);
    String encoded = v.path("encoded").asText();
    assertThat(HASHER.verify(encoded, "password")).isTrue();
    for (String changed :
        List.of(
            encoded.replace("m=256,", "m=264,"),
            encoded.replace(",t=2,", ",t=3,"),
            encoded.replace(",p=1$", ",p=2$"),
            encoded.replace("$c29tZXNhbHQ$", "$ZGlmZnNhbHQ$"))) {
      assertThat(changed).isNotEqualTo(encoded);
      assertThat(HASHER.verify(changed, "password")).as(changed).isFalse();
    }
  }
}
