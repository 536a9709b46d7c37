package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hiroi.crypto.internal.Errors;
import io.hiroi.crypto.internal.PhcString;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Fuzzes the PHC string parser and the three public entry points that read a stored hash. For any
 * input: {@link PhcString#parse(String)} either returns a value whose {@link PhcString#format}
 * spelling is the input itself (one accepted spelling per hash), or throws {@link
 * IllegalArgumentException} with a message built by {@link Errors} from numbers only (never input
 * text); {@link PasswordHasher#needsRehash(String)} never throws and says {@code true} for every
 * rejected string; {@link PasswordHasher#verify(String, CharSequence)} returns, or throws the
 * parser's exception. Any other exception fails. The hasher's verify limits are tiny, so an input
 * cannot make one run slow.
 *
 * <p>Runs in regression mode in the build (the seeds under {@code
 * src/test/resources/io/hiroi/crypto/PhcStringFuzzTestInputs/parseVerifyAndRehash/}, plus the
 * empty input); fuzz with {@code JAZZER_FUZZ=1 mvn -pl hiroi-crypto test
 * -Dtest=PhcStringFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PhcStringFuzzTest {
  private static final PasswordHasher HASHER =
      PasswordHasher.builder()
          .memoryKiB(8)
          .iterations(1)
          .maxVerifyMemoryKiB(64)
          .maxVerifyIterations(2)
          .insecureAllowWeakParameters()
          .build();

  /** Every message the parser and verify may produce, with the numbers taken out. */
  private static final Set<String> TEMPLATES =
      Set.of(
          template(Errors.phcTooLong(1, 2)),
          template(Errors.phcShape()),
          template(Errors.phcVariantNotAccepted("argon2i")),
          template(Errors.phcVariantNotAccepted("argon2d")),
          template(Errors.phcNotArgon2()),
          template(Errors.phcVersion()),
          template(Errors.phcParameters()),
          template(Errors.phcNumber("m")),
          template(Errors.phcNumber("t")),
          template(Errors.phcNumber("p")),
          template(Errors.phcOutOfRange("p", 1, 2, 3)),
          template(Errors.phcOutOfRange("t", 1, 2, 3)),
          template(Errors.phcOutOfRange("m (at least 8 KiB per lane)", 1, 2, 3)),
          template(Errors.phcOutOfRange("salt length", 1, 2, 3)),
          template(Errors.phcOutOfRange("hash length", 1, 2, 3)),
          template(Errors.phcBase64("salt")),
          template(Errors.phcBase64("hash")),
          template(Errors.phcAboveVerifyLimit("m", 1, "maxVerifyMemoryKiB", 2)),
          template(Errors.phcAboveVerifyLimit("t", 1, "maxVerifyIterations", 2)));

  private static String template(String message) {
    return message.replaceAll("[0-9]", "");
  }

  @FuzzTest(maxDuration = "60s")
  void parseVerifyAndRehash(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);

    IllegalArgumentException parseError = null;
    try {
      PhcString parsed = PhcString.parse(text);
      byte[] salt = parsed.salt();
      byte[] hash = parsed.hash();
      assertThat(
              PhcString.format(
                  parsed.memoryKiB(), parsed.iterations(), parsed.parallelism(), salt, hash))
          .as("an accepted string has exactly one spelling")
          .isEqualTo(text);
      assertThat(salt.length).isBetween(PhcString.MIN_SALT_LENGTH, PhcString.MAX_SALT_LENGTH);
      assertThat(hash.length).isBetween(PhcString.MIN_HASH_LENGTH, PhcString.MAX_HASH_LENGTH);
      assertThat(parsed.parallelism()).isBetween(1, PhcString.MAX_PARALLELISM);
      assertThat(parsed.memoryKiB()).isGreaterThanOrEqualTo(8 * parsed.parallelism());
      assertThat(parsed.iterations()).isPositive();
    } catch (IllegalArgumentException e) {
      parseError = e;
      assertThat(TEMPLATES).contains(template(e.getMessage()));
    }

    boolean rehash = HASHER.needsRehash(text);
    if (parseError != null) {
      assertThat(rehash).isTrue();
    }

    try {
      HASHER.verify(text, "password");
      assertThat(parseError).as("verify accepted what the parser rejected").isNull();
    } catch (IllegalArgumentException e) {
      assertThat(TEMPLATES).contains(template(e.getMessage()));
      if (parseError != null) {
        assertThat(e).hasMessage(parseError.getMessage());
      } else {
        assertThat(rehash).as("needsRehash for a string above the verify limits").isTrue();
      }
    }
  }
}
